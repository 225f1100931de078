namespace Econeura.Domain.FinOps;

/// <summary>
/// When a day's spend of a department or an agent counts as far above its usual level. "Usual" is the median of the
/// <see cref="BaselineDays"/> days before (a day without spend counts as nothing spent), so one expensive day in the
/// baseline does not move it; a day is unusual once its spend reaches <see cref="Factor"/> times that, and never below
/// <see cref="Factor"/> times <see cref="MinimumEur"/>, so cents over nothing are not news. A scope that spent nothing
/// in all those days has no usual level yet: its first days of spend are not judged (a new department is not news).
/// </summary>
public sealed record AnomalyRule(int BaselineDays = 14, decimal Factor = 3m, decimal MinimumEur = 0.05m)
{
    public static AnomalyRule Default { get; } = new();

    /// <summary>
    /// How a day's spend compares with the days before it (<paramref name="previousDays"/>, the most recent last; missing
    /// days count as none).
    /// </summary>
    public SpendVerdict Judge(IReadOnlyList<decimal> previousDays, decimal dayEur)
    {
        var baseline = previousDays.TakeLast(BaselineDays).ToList();
        while (baseline.Count < BaselineDays) baseline.Insert(0, 0m);
        var usual = Median(baseline);
        var threshold = Factor * Math.Max(usual, MinimumEur);
        return new SpendVerdict(dayEur, usual, threshold, baseline.Any(eur => eur > 0) && dayEur >= threshold);
    }

    private static decimal Median(List<decimal> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}

/// <param name="UsualEur">The median of the days before.</param>
/// <param name="ThresholdEur">What the day had to reach to be unusual.</param>
public sealed record SpendVerdict(decimal DayEur, decimal UsualEur, decimal ThresholdEur, bool Unusual)
{
    /// <summary>How many times its usual level the day spent; none when the usual is nothing.</summary>
    public decimal? Times => UsualEur == 0 ? null : DayEur / UsualEur;
}

// An episode of unusual spend of one scope (a department's id, or agent:<id>) lives on a budget-month stream of its own
// (the month it began), so its alerts travel the budget alerts' way: the bell, the alerts page and the tenant's channels.

/// <summary>A department's or an agent's spend on <paramref name="Day"/> reached its unusual threshold.</summary>
public sealed record SpendAnomalyFlagged(
    Guid AlertId, string Scope, string Month, DateOnly Day, decimal DayEur, decimal UsualEur, IReadOnlyList<Guid> Channels, DateTimeOffset At);

/// <summary>The episode is over: the spend of <paramref name="Day"/> (a later day: a day's spend only grows) is below the threshold again.</summary>
public sealed record SpendBackToNormal(
    Guid AlertId, string Scope, string Month, DateOnly Day, decimal DayEur, decimal UsualEur, IReadOnlyList<Guid> Channels, DateTimeOffset At);

public static class SpendAnomalyDecisions
{
    /// <summary>
    /// Flags a scope once when its day is unusual and no episode is open, and says "back to normal" once when a day is
    /// usual again while one is: checking again, or from two places at once, raises nothing more.
    /// </summary>
    public static IReadOnlyList<object> Check(
        BudgetMonth state, string scope, string month, DateOnly day, SpendVerdict verdict, IReadOnlyList<Guid> channels, Func<Guid> newId,
        DateTimeOffset now) =>
        (verdict.Unusual, state.OpenAnomaly) switch
        {
            (true, null) => [new SpendAnomalyFlagged(newId(), scope, month, day, verdict.DayEur, verdict.UsualEur, channels, now)],
            (false, not null) => [new SpendBackToNormal(newId(), scope, month, day, verdict.DayEur, verdict.UsualEur, channels, now)],
            _ => [],
        };
}
