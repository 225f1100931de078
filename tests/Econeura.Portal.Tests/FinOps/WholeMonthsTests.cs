namespace Econeura.Portal.Tests.FinOps;

/// <summary>Which months of a range the dashboard reads whole from the monthly table, and which days from the daily detail.</summary>
public sealed class WholeMonthsTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    private static (DateOnly, DateOnly) Whole(string from, string to) =>
        SpendQueries.WholeMonths(new SpendFilter(DateOnly.Parse(from), DateOnly.Parse(to)), Today);

    [Fact]
    public void The_current_month_up_to_today_is_whole() =>
        Assert.Equal((new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 1)), Whole("2026-11-01", "2026-11-28"));

    [Fact]
    public void Months_cut_at_either_end_are_not_whole() =>
        Assert.Equal((new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 1)), Whole("2026-09-15", "2026-11-10"));

    [Fact]
    public void A_range_inside_one_month_has_no_whole_month()
    {
        var (from, to) = Whole("2026-10-03", "2026-10-20");
        Assert.True(from > to);
    }

    [Fact]
    public void A_quarter_of_full_months_is_read_whole() =>
        Assert.Equal((new DateOnly(2026, 7, 1), new DateOnly(2026, 9, 1)), Whole("2026-07-01", "2026-09-30"));
}
