using Econeura.Domain.Executions;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// Hands a new dispatch job to each execution that stopped moving before it finished: one whose enqueue was lost after
/// its request was saved, one whose lease ran out, and (checked every few seconds, see <see cref="OrphanedDispatchWatch"/>)
/// one whose agent call was held by a portal process that stopped. Dispatch is idempotent and leased, so a job that
/// turns out to be alive after all costs nothing more than a no-op run.
/// </summary>
public sealed partial class RequeueStalledExecutionsJob(
    IDocumentStore store,
    IBackgroundJobClient jobs,
    TenantFairShare fairShare,
    PortalNodes nodes,
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
        var silent = (await nodes.SilentAsync(cancellationToken)).ToArray();
        await RequeueAsync(x => (x.Status == ExecutionStatus.Requested && x.LastChangedAt < requestedBefore)
                                || (x.Status == ExecutionStatus.Dispatched && (x.LastChangedAt < dispatchedBefore || x.DispatchNode.IsOneOf(silent))),
            cancellationToken);
    }

    /// <summary>The executions whose agent call a stopped process held: resumed by a live one.</summary>
    public async Task RequeueOrphansAsync(IReadOnlyCollection<string> silentNodes, CancellationToken cancellationToken)
    {
        var silent = silentNodes.ToArray();
        await RequeueAsync(x => x.Status == ExecutionStatus.Dispatched && x.DispatchNode.IsOneOf(silent), cancellationToken);
    }

    private async Task RequeueAsync(System.Linq.Expressions.Expression<Func<ExecutionView, bool>> stalled, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var executions = await session.Query<ExecutionView>()
            .Where(x => x.AnyTenant())
            .Where(stalled)
            .Select(x => new { x.TenantId, x.Id })
            .Take(500)
            .ToListAsync(cancellationToken);
        var busyTenants = new Dictionary<string, bool>();
        foreach (var execution in executions)
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

/// <summary>
/// Every few seconds, on every node: when a portal process has stopped beating, the agent calls it held are resumed by
/// the living, within <see cref="PortalNodes.SilentFor"/> plus <see cref="Interval"/> of its death rather than after the lease.
/// </summary>
public sealed class OrphanedDispatchWatch(
    PortalNodes nodes,
    IServiceProvider services,
    DatabaseOutage outage,
    TimeProvider time,
    ILogger<OrphanedDispatchWatch> logger) : PeriodicWork(Interval, outage, time, logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var silent = await nodes.SilentAsync(cancellationToken);
        if (silent.Count > 0) await services.GetRequiredService<RequeueStalledExecutionsJob>().RequeueOrphansAsync(silent, cancellationToken);
    }
}
