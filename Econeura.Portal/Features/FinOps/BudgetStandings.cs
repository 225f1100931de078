using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

/// <summary>How the budgets a request spends from stand this month, and what day it is for the tenant.</summary>
public sealed record BudgetPosition(DateOnly Today, IReadOnlyList<BudgetStanding> Budgets);

/// <summary>What a run spends for, which decides the budgets it counts against (<see cref="BudgetScope.Of"/>).</summary>
public sealed record BudgetedRun(string Department, string AgentId, string RequestedBy, string RequestedByName)
{
    public IReadOnlyList<string> Scopes => BudgetScope.Of(Department, RequestedBy, AgentId);
}

public sealed class BudgetStandings(FinOpsSettingsStore settings, SpendQueries spend, BudgetReservations reservations, TimeProvider time)
{
    /// <summary>
    /// The tenant's budget, the department's, and the requester's and the agent's when finance set them, with what the
    /// month has spent of each and holds for runs under way.
    /// </summary>
    public async Task<BudgetPosition> ForAsync(string tenantId, BudgetedRun run, CancellationToken cancellationToken = default)
    {
        var zone = await settings.TimeZoneAsync(tenantId, cancellationToken);
        var today = BudgetCalendar.LocalDay(time.GetUtcNow(), zone);
        var month = BudgetCalendar.MonthOf(today);
        var budgets = new List<BudgetSettings>();
        foreach (var scope in run.Scopes)
            if (await settings.AppliedBudgetAsync(tenantId, scope, cancellationToken) is { } budget) budgets.Add(budget);
        var spent = await spend.SpentInMonthAsync(tenantId, month, budgets.Select(b => b.Id), cancellationToken);
        var reserved = await reservations.ReservedByScopeAsync(tenantId, month, cancellationToken);
        var standings = budgets.Select(budget => new BudgetStanding(
            budget.Id, spent.GetValueOrDefault(budget.Id), budget.LimitEur, budget.AtLimit == BudgetAtLimit.RequireApproval,
            reserved.GetValueOrDefault(budget.Id),
            OwnerName: BudgetScope.Parse(budget.Id) is { Kind: BudgetOwnerKind.Person } ? run.RequestedByName : null)).ToList();
        return new BudgetPosition(today, standings);
    }
}
