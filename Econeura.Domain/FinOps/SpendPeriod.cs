namespace Econeura.Domain.FinOps;

/// <summary>The ranges finance picks with one click, in the tenant's local days.</summary>
public enum DatePreset
{
    ThisMonth,
    LastMonth,
    ThisQuarter,
    YearToDate,
}

/// <summary>A range of local days, both ends included, and the range it is compared with.</summary>
public readonly record struct SpendPeriod(DateOnly From, DateOnly To)
{
    public static SpendPeriod Of(DatePreset preset, DateOnly today)
    {
        var month = new DateOnly(today.Year, today.Month, 1);
        return preset switch
        {
            DatePreset.ThisMonth => new(month, today),
            DatePreset.LastMonth => new(month.AddMonths(-1), month.AddDays(-1)),
            DatePreset.ThisQuarter => new(new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1), today),
            DatePreset.YearToDate => new(new DateOnly(today.Year, 1, 1), today),
            _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, null),
        };
    }

    /// <summary>The preset this range is on <paramref name="today"/>, if any.</summary>
    public static DatePreset? PresetOf(DateOnly from, DateOnly to, DateOnly today) =>
        Enum.GetValues<DatePreset>().Cast<DatePreset?>().FirstOrDefault(p => Of(p!.Value, today) == new SpendPeriod(from, to));

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>
    /// The range this one is compared with. A range that starts on a 1st is compared with the same part of the months
    /// before it, as many months back as it touches: this month so far with the same days of last month, last month with
    /// the month before, this quarter so far with the same part of the last quarter, the year so far with the same part
    /// of last year. A range that ends on the last day of its month is compared up to the last day of the earlier month
    /// (30 November with 31 October, not 30 October); a later day than the earlier month has becomes its last (31 March
    /// is compared up to 28 February). Any other range is compared with as many days just before it.
    /// </summary>
    public SpendPeriod Previous()
    {
        if (From.Day != 1) return new(From.AddDays(-Days), From.AddDays(-1));
        var months = (To.Year - From.Year) * 12 + To.Month - From.Month + 1;
        var lastOfMonth = To.AddDays(1).Day == 1;
        var to = lastOfMonth ? new DateOnly(To.Year, To.Month, 1).AddMonths(1 - months).AddDays(-1) : To.AddMonths(-months);
        return new(From.AddMonths(-months), to);
    }
}

/// <summary>One department's or agent's spend in a period beside the period before.</summary>
public sealed record SpendChange(string Key, decimal CurrentEur, decimal PreviousEur)
{
    /// <summary>Exact, like both amounts: the difference of two sums of the same ledger.</summary>
    public decimal ChangeEur => CurrentEur - PreviousEur;

    /// <summary>
    /// The change as a share of the earlier amount (0.25 is +25 %); none when there was nothing before, since a rise
    /// from nothing has no percentage.
    /// </summary>
    public decimal? ChangeShare => PreviousEur == 0 ? null : ChangeEur / PreviousEur;
}

public static class PeriodComparison
{
    /// <summary>
    /// Every key spent in either period, largest current spend first (then largest earlier spend): a department that
    /// spent last month and nothing now is listed, with its fall.
    /// </summary>
    public static IReadOnlyList<SpendChange> Compare(IReadOnlyDictionary<string, decimal> current, IReadOnlyDictionary<string, decimal> previous) =>
        current.Keys.Union(previous.Keys)
            .Select(key => new SpendChange(key, current.GetValueOrDefault(key), previous.GetValueOrDefault(key)))
            .OrderByDescending(c => c.CurrentEur).ThenByDescending(c => c.PreviousEur).ThenBy(c => c.Key, StringComparer.Ordinal)
            .ToList();
}
