using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// One budget this month: limit, spend, forecast to month end, and the thresholds crossed (and not cleared by a raise); for a person's
/// budget, the person's name (<see cref="OwnerName"/>).
/// </summary>
public sealed record BudgetStatus(
    string Scope, string Month, decimal LimitEur, decimal SpentEur, decimal ForecastEur, IReadOnlyList<int> ThresholdsPercent,
    IReadOnlyList<int> Crossed, BudgetAtLimit AtLimit, long Version, string? OwnerName = null)
{
    public decimal Share => LimitEur <= 0 ? 0m : SpentEur / LimitEur;

    /// <summary>The day the month's pace reaches the limit (<see cref="Forecast.DayReaching"/>); null when it does not this month.</summary>
    public DateOnly? ReachesLimitOn { get; init; }
}

/// <summary>The month as finance sees it: every budget's burn, and the day-by-day cumulative spend of one scope.</summary>
public sealed record MonthBurn(string Month, DateOnly Today, int DaysInMonth, IReadOnlyList<decimal> CumulativeByDay, decimal ForecastEur, decimal LimitEur);

public sealed class BudgetReport(FinOpsSettingsStore settings, SpendQueries spend, IDocumentStore store, TimeProvider time)
{
    public async Task<IReadOnlyList<BudgetStatus>> StatusAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var (zone, _, month, _, last) = await MonthAsync(tenantId, cancellationToken);
        var budgets = await settings.BudgetsAsync(tenantId, cancellationToken);
        var spent = await spend.SpentInMonthAsync(tenantId, month, budgets.Select(b => b.Id), cancellationToken);
        var elapsed = BudgetCalendar.ElapsedDays(time.GetUtcNow(), zone);
        var crossed = await CrossedAsync(tenantId, month, cancellationToken);
        return budgets.Select(b =>
        {
            var spentEur = spent.GetValueOrDefault(b.Id);
            return new BudgetStatus(b.Id, month, b.LimitEur, spentEur, Forecast.ToMonthEnd(spentEur, elapsed, last.Day),
                b.ThresholdsPercent, [.. (crossed.GetValueOrDefault(b.Id) ?? []).Intersect(b.ThresholdsPercent)], b.AtLimit, b.Version, b.OwnerName)
            {
                ReachesLimitOn = Forecast.DayReaching(b.LimitEur, spentEur, elapsed, month),
            };
        }).ToList();
    }

    /// <summary>The cumulative spend of one scope (the tenant, or a department) day by day up to today, and its forecast.</summary>
    public async Task<MonthBurn> BurnAsync(string tenantId, string scope, CancellationToken cancellationToken = default)
    {
        var (zone, today, month, first, last) = await MonthAsync(tenantId, cancellationToken);
        var department = scope == BudgetRule.TenantScope ? null : scope;
        var summary = await spend.SummaryAsync(tenantId, new SpendFilter(first, today, department), today, cancellationToken);
        var perDay = summary.Daily.ToDictionary(d => d.Day, d => d.CostEur);
        var cumulative = new List<decimal>();
        var running = 0m;
        for (var day = first; day <= today; day = day.AddDays(1)) cumulative.Add(running += perDay.GetValueOrDefault(day));
        var budget = await settings.BudgetAsync(tenantId, scope, cancellationToken);
        return new MonthBurn(month, today, last.Day, cumulative,
            Forecast.ToMonthEnd(running, BudgetCalendar.ElapsedDays(time.GetUtcNow(), zone), last.Day), budget.LimitEur);
    }

    private async Task<(TimeZoneInfo Zone, DateOnly Today, string Month, DateOnly First, DateOnly Last)> MonthAsync(string tenantId,
        CancellationToken cancellationToken)
    {
        var zone = await settings.TimeZoneAsync(tenantId, cancellationToken);
        var today = BudgetCalendar.LocalDay(time.GetUtcNow(), zone);
        var month = BudgetCalendar.MonthOf(today);
        var (first, last) = BudgetCalendar.DaysOf(month);
        return (zone, today, month, first, last);
    }

    private async Task<Dictionary<string, IReadOnlyList<int>>> CrossedAsync(string tenantId, string month, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(tenantId);
        var views = await session.Query<BudgetAlertView>().Where(v => v.Month == month).ToListAsync(cancellationToken);
        // Crossed now: a threshold a raised limit cleared is armed again, not "reached" beside a share below it.
        return views.ToDictionary(v => v.Scope, v => (IReadOnlyList<int>)v.Crossed);
    }
}
