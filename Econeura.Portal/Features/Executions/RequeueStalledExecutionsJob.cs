using Hangfire;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// Every minute, hands a new dispatch job to each execution that stopped moving before it finished: one whose enqueue
/// was lost after its request was saved, or whose worker died. Dispatch is idempotent and leased, so a job that turns
/// out to be alive after all costs nothing more than a no-op run.
/// </summary>
public sealed partial class RequeueStalledExecutionsJob(
    IDocumentStore store,
    IBackgroundJobClient jobs,
    TenantFairShare fairShare,
    TimeProvider time,
    ILogger<RequeueStalledExecutionsJob> logger)
{
    public const string RecurringJobId = "requeue-stalled-executions";

    /// <summary>Longer than the longest retry back-off, so a failure waiting for its retry is not taken for stalled.</summary>
    public static readonly TimeSpan RequestedFor = TimeSpan.FromMinutes(2);

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var requestedBefore = now - RequestedFor;
        var dispatchedBefore = now - ExecutionDecisions.DispatchLease;
        await using var session = store.QuerySession();
        var stalled = await session.Query<ExecutionView>()
            .Where(x => x.AnyTenant())
            .Where(x => (x.Status == ExecutionStatus.Requested && x.LastChangedAt < requestedBefore)
                        || (x.Status == ExecutionStatus.Dispatched && x.LastChangedAt < dispatchedBefore))
            .Select(x => new { x.TenantId, x.Id })
            .Take(500)
            .ToListAsync(cancellationToken);
        var busyTenants = new Dictionary<string, bool>();
        foreach (var execution in stalled)
        {
            // Requests of a tenant whose share of calls is in flight wait their turn; a dispatch job is already on them.
            if (!busyTenants.TryGetValue(execution.TenantId, out var busy))
                busyTenants[execution.TenantId] = busy = await fairShare.IsBusyAsync(execution.TenantId, cancellationToken);
            if (busy) continue;

            jobs.Enqueue<DispatchExecutionJob>(job => job.RunAsync(execution.TenantId, execution.Id, null, null, CancellationToken.None));
            LogRequeued(execution.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Execution {ExecutionId} had stalled; a new dispatch job was queued")]
    private partial void LogRequeued(Guid executionId);
}
