using Econeura.Domain.FinOps;

namespace Econeura.Domain.Tests.FinOps;

/// <summary>The ranges finance picks with one click, and the period each is compared with.</summary>
public sealed class SpendPeriodTests
{
    private static readonly DateOnly Today = new(2026, 12, 6);

    private static SpendPeriod Period(string from, string to) => new(DateOnly.Parse(from), DateOnly.Parse(to));

    [Theory]
    [InlineData(DatePreset.ThisMonth, "2026-12-01", "2026-12-06")]
    [InlineData(DatePreset.LastMonth, "2026-11-01", "2026-11-30")]
    [InlineData(DatePreset.ThisQuarter, "2026-10-01", "2026-12-06")]
    [InlineData(DatePreset.YearToDate, "2026-01-01", "2026-12-06")]
    public void Each_preset_is_the_range_its_name_says(DatePreset preset, string from, string to)
    {
        Assert.Equal(Period(from, to), SpendPeriod.Of(preset, Today));
        Assert.Equal(preset, SpendPeriod.PresetOf(DateOnly.Parse(from), DateOnly.Parse(to), Today));
    }

    [Fact]
    public void Last_month_in_january_is_last_years_december_and_a_typed_range_is_no_preset()
    {
        Assert.Equal(Period("2026-12-01", "2026-12-31"), SpendPeriod.Of(DatePreset.LastMonth, new DateOnly(2027, 1, 10)));
        Assert.Null(SpendPeriod.PresetOf(new DateOnly(2026, 12, 2), Today, Today));
    }

    [Theory]
    [InlineData("2026-12-01", "2026-12-06", "2026-11-01", "2026-11-06")] // this month so far: the same days of last month
    [InlineData("2026-11-01", "2026-11-30", "2026-10-01", "2026-10-31")] // last month: the whole month before, to its 31st
    [InlineData("2026-10-01", "2026-12-06", "2026-07-01", "2026-09-06")] // this quarter so far: the same part of the last one
    [InlineData("2026-01-01", "2026-12-06", "2025-01-01", "2025-12-06")] // the year so far: the same part of last year
    [InlineData("2026-03-01", "2026-03-31", "2026-02-01", "2026-02-28")] // March against February, whole
    [InlineData("2026-03-01", "2026-03-30", "2026-02-01", "2026-02-28")] // a day February does not have becomes its last
    [InlineData("2026-12-03", "2026-12-06", "2026-11-29", "2026-12-02")] // a typed range: as many days just before
    public void The_previous_period_is_the_same_part_of_the_months_before(string from, string to, string previousFrom, string previousTo) =>
        Assert.Equal(Period(previousFrom, previousTo), Period(from, to).Previous());

    [Fact]
    public void Every_key_spent_in_either_period_is_compared_exactly_with_its_change_in_euros_and_share()
    {
        var changes = PeriodComparison.Compare(
            new Dictionary<string, decimal> { ["cfo"] = 12.3456m, ["cmo"] = 0.0017m },
            new Dictionary<string, decimal> { ["cfo"] = 10m, ["legal"] = 4m });

        Assert.Equal(["cfo", "cmo", "legal"], changes.Select(c => c.Key));
        Assert.Equal((12.3456m, 10m, 2.3456m, (decimal?)0.23456m), (changes[0].CurrentEur, changes[0].PreviousEur, changes[0].ChangeEur, changes[0].ChangeShare));
        // From nothing there is no percentage; to nothing, a fall of all of it.
        Assert.Equal((0.0017m, (decimal?)null), (changes[1].ChangeEur, changes[1].ChangeShare));
        Assert.Equal((-4m, (decimal?)-1m), (changes[2].ChangeEur, changes[2].ChangeShare));
    }
}
