using JasperFx;
using JasperFx.Events;

namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// Raises <see cref="BudgetThresholdCrossed"/> once per budget, threshold and month. Each budget-month is one stream
/// whose id derives from tenant, scope and month; the check appends at the version it read, so of two checks racing
/// (many executions completing at once, or the periodic job) one writes and the other reads again and finds it done.
/// </summary>
public sealed partial class BudgetMonitor(
    IDocumentStore store,
    SpendQueries spend,
    FinOpsSettingsStore settings,
    IBackgroundJobClient jobs,
    IOptions<FinOpsOptions> options,
    TimeProvider time,
    ILogger<BudgetMonitor> logger)
{
    private const int Attempts = 5;

    public static Guid StreamId(string tenantId, string scope, string month) => StableIds.From($"budget|{tenantId}|{scope}|{month}");

    /// <summary>
    /// Checks the budgets of these scopes (a run's, <see cref="BudgetScope.Of"/>), or every budget of the tenant when
    /// none are given; a person or an agent without a budget has nothing to check.
    /// </summary>
    public async Task CheckAsync(string tenantId, IReadOnlyList<string>? scopes = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var zone = await settings.TimeZoneAsync(tenantId, cancellationToken);
        var month = BudgetCalendar.MonthOf(now, zone);
        var budgets = new List<BudgetRule>();
        if (scopes is null) budgets.AddRange((await settings.BudgetsAsync(tenantId, cancellationToken)).Select(b => b.ToRule()));
        else
        {
            foreach (var scope in scopes)
                if (await settings.AppliedBudgetAsync(tenantId, scope, cancellationToken) is { } budget) budgets.Add(budget.ToRule());
        }
        var spent = await spend.SpentInMonthAsync(tenantId, month, budgets.Select(b => b.Scope), cancellationToken);
        foreach (var budget in budgets) await CheckAsync(tenantId, budget, month, spent.GetValueOrDefault(budget.Scope), cancellationToken);
    }

    private async Task CheckAsync(string tenantId, BudgetRule budget, string month, decimal spentEur, CancellationToken cancellationToken)
    {
        // Most checks (one after every priced call) find the spend below every threshold: they need not read the month's stream.
        if (!budget.ReachesAThreshold(spentEur)) return;
        var streamId = StreamId(tenantId, budget.Scope, month);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            await using var session = store.LightweightSession(tenantId);
            var stream = await session.Events.FetchStreamAsync(streamId, token: cancellationToken);
            var crossed = BudgetAlertDecisions.Check(BudgetMonth.Fold(stream.Select(e => e.Data)), budget, month, spentEur, Posts, time.GetUtcNow());
            if (crossed.Count == 0) return;
            if (stream.Count == 0) session.Events.StartStream(streamId, crossed.Cast<object>().ToArray());
            else session.Events.Append(streamId, stream[^1].Version + crossed.Count, crossed.Cast<object>().ToArray());
            try
            {
                await session.SaveChangesAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is EventStreamUnexpectedMaxEventIdException or ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException)
            {
                // Someone else recorded a crossing in between: read again; what they recorded is not raised twice.
                continue;
            }
            foreach (var alert in crossed)
            {
                LogCrossed(budget.Scope, alert.ThresholdPercent, month);
                if (alert.Posted) DeliverBudgetAlertJob.Enqueue(jobs, tenantId, streamId, alert.ThresholdPercent);
            }
            return;
        }
    }

    private bool Posts => !string.IsNullOrWhiteSpace(options.Value.AlertWebhook.Url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Budget {Scope} crossed {Threshold} % in {Month}")]
    private partial void LogCrossed(string scope, int threshold, string month);
}

/// <summary>Every few minutes, and once at start: budgets are checked even if the check after a cost was lost in a crash.</summary>
public sealed class CheckBudgetsJob(BudgetMonitor monitor, SpendQueries spend, TimeProvider time)
{
    public const string RecurringJobId = "check-budgets";

    [DisableConcurrentExecution(timeoutInSeconds: 120)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Any tenant that spent in the last two calendar days (UTC) covers a local month that just started.
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        foreach (var tenantId in await spend.TenantsWithSpendAsync(new DateOnly(today.Year, today.Month, 1).AddMonths(-1), today.AddDays(1), cancellationToken))
            await monitor.CheckAsync(tenantId, cancellationToken: cancellationToken);
    }
}
