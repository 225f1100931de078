namespace Econeura.Portal.Features.FinOps;

/// <summary>How the budgets a request spends from stand this month, and what day it is for the tenant.</summary>
public sealed record BudgetPosition(DateOnly Today, IReadOnlyList<BudgetStanding> Budgets);

public sealed class BudgetStandings(FinOpsSettingsStore settings, SpendQueries spend, BudgetReservations reservations, TimeProvider time)
{
    /// <summary>The tenant's budget and the department's, with what the month has spent of each and holds for runs under way.</summary>
    public async Task<BudgetPosition> ForAsync(string tenantId, string department, CancellationToken cancellationToken = default)
    {
        var zone = await settings.TimeZoneAsync(tenantId, cancellationToken);
        var today = BudgetCalendar.LocalDay(time.GetUtcNow(), zone);
        var month = BudgetCalendar.MonthOf(today);
        var (first, last) = BudgetCalendar.DaysOf(month);
        var spent = await spend.SpentByScopeAsync(tenantId, first, last, cancellationToken);
        var reserved = await reservations.ReservedByScopeAsync(tenantId, month, cancellationToken);
        var standings = new List<BudgetStanding>();
        foreach (var scope in new[] { BudgetRule.TenantScope, department })
        {
            var budget = await settings.BudgetAsync(tenantId, scope, cancellationToken);
            standings.Add(new BudgetStanding(scope, spent.GetValueOrDefault(scope), budget.LimitEur, budget.AtLimit == BudgetAtLimit.RequireApproval,
                reserved.GetValueOrDefault(scope)));
        }
        return new BudgetPosition(today, standings);
    }
}
