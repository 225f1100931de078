namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// Every few minutes, and once at start: budgets are checked even if the check after a cost was lost in a crash, and
/// each department's and agent's spend today is judged against its usual level.
/// </summary>
public sealed class CheckBudgetsJob(BudgetMonitor monitor, SpendQueries spend, TimeProvider time)
{
    public const string RecurringJobId = "check-budgets";

    [DisableConcurrentExecution(timeoutInSeconds: 120)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Any tenant that spent in the last two calendar days (UTC) covers a local month that just started.
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        foreach (var tenantId in await spend.TenantsWithSpendAsync(new DateOnly(today.Year, today.Month, 1).AddMonths(-1), today.AddDays(1), cancellationToken))
        {
            await monitor.CheckAsync(tenantId, cancellationToken: cancellationToken);
            await monitor.CloseEndedMonthsAsync(tenantId, cancellationToken);
            await monitor.CheckAnomaliesAsync(tenantId, cancellationToken);
        }
    }

    /// <summary>Right after a budget of the tenant was saved: a raised limit clears (and re-arms) what it puts above the spend.</summary>
    public Task CheckTenantAsync(string tenantId, CancellationToken cancellationToken) => monitor.CheckAsync(tenantId, cancellationToken: cancellationToken);

    public static void EnqueueForTenant(IBackgroundJobClient jobs, string tenantId) =>
        jobs.Enqueue<CheckBudgetsJob>(job => job.CheckTenantAsync(tenantId, CancellationToken.None));
}
