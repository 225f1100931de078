using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

/// <summary>Today's spend of a department (its id) or an agent (<see cref="BudgetScope.Agent"/>) against its usual level.</summary>
public sealed record ScopeVerdict(string Scope, DateOnly Day, SpendVerdict Verdict);

/// <summary>
/// Judges today's spend of every department and agent by <see cref="AnomalyRule"/>, from the same spend tables as the
/// dashboard: what the dashboard flags and what <see cref="BudgetMonitor"/> raises alerts for are one reading.
/// </summary>
public sealed class SpendAnomalyReport(SpendQueries spend, FinOpsSettingsStore settings)
{
    public static AnomalyRule Rule => AnomalyRule.Default;

    /// <summary>Every scope that spent today or in the days its usual level is taken from, judged; unusual ones first.</summary>
    public async Task<IReadOnlyList<ScopeVerdict>> TodayAsync(string tenantId, CancellationToken cancellationToken = default) =>
        await JudgeAsync(tenantId, await settings.TodayAsync(tenantId, cancellationToken), cancellationToken);

    /// <summary>The same, for the tenant's local <paramref name="today"/>.</summary>
    public async Task<IReadOnlyList<ScopeVerdict>> JudgeAsync(string tenantId, DateOnly today, CancellationToken cancellationToken = default)
    {
        var first = today.AddDays(-Rule.BaselineDays);
        var spent = (await spend.DailyByScopeAsync(tenantId, first, today, cancellationToken)).ToLookup(s => s.Scope);
        return spent.Select(scope =>
            {
                var perDay = scope.ToDictionary(s => s.Day, s => s.CostEur);
                var baseline = Enumerable.Range(0, Rule.BaselineDays).Select(offset => perDay.GetValueOrDefault(first.AddDays(offset))).ToList();
                return new ScopeVerdict(scope.Key, today, Rule.Judge(baseline, perDay.GetValueOrDefault(today)));
            })
            .OrderByDescending(v => v.Verdict.Unusual).ThenByDescending(v => v.Verdict.DayEur).ThenBy(v => v.Scope, StringComparer.Ordinal)
            .ToList();
    }
}
