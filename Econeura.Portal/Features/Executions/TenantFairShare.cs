using System.Collections.Concurrent;
using Econeura.Domain.Executions;

namespace Econeura.Portal.Features.Executions;

public sealed class DispatchOptions
{
    /// <summary>
    /// Agent calls one tenant may have in flight at once across all nodes; 0 turns the cap off. Unset: half the
    /// workers of a node, so one tenant's burst always leaves workers for the others.
    /// </summary>
    public int? PerTenantInFlight { get; set; }

    /// <summary>
    /// Executions one tenant may have waiting for a worker; beyond it a launch is refused with when to try again, rather
    /// than accepted into a wait that only grows. 0 turns the limit off.
    /// </summary>
    public int MaxQueuedPerTenant { get; set; } = 500;
}

/// <param name="Ahead">Ready executions of the same tenant that wait longer.</param>
/// <param name="EstimatedWait">About how long until its turn, from the tenant's recent call times.</param>
public sealed record QueuePlace(int Ahead, TimeSpan EstimatedWait);

/// <summary>
/// Keeps one tenant's burst from starving the others. All tenants share Hangfire's queue in arrival order, so a tenant
/// over its share of calls in flight has new dispatch jobs scheduled for about when their turn comes instead of queued,
/// and a job that still finds the share taken comes back shortly: another tenant's job never waits behind a burst.
/// </summary>
public sealed class TenantFairShare(
    IDocumentStore store, PortalNodes nodes, IOptions<DispatchOptions> dispatch, IOptions<BackgroundJobOptions> workers, TimeProvider time)
{
    private static readonly TimeSpan DefaultCallDuration = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, double> _callSeconds = new();

    public int Cap => dispatch.Value.PerTenantInFlight ?? Math.Max(1, workers.Value.WorkerCount / 2);

    /// <summary>
    /// Null when <paramref name="executionId"/> may be dispatched now; else how long its job should wait before asking
    /// again. Calls whose lease ran out, or whose process stopped, do not count: they are stalled, not in flight.
    /// </summary>
    public async Task<TimeSpan?> WaitBeforeDispatchAsync(string tenantId, Guid executionId, CancellationToken cancellationToken)
    {
        if (Cap <= 0) return null;
        var (inFlight, _) = await LoadAsync(tenantId, executionId, cancellationToken);
        if (inFlight < Cap) return null;
        // Woken before its turn: ask again within about two calls, at a random moment so early wakers spread out.
        var soon = Math.Max(1000, (int)(CallSeconds(tenantId) * 2000));
        return TimeSpan.FromMilliseconds(Random.Shared.Next(300, soon));
    }

    /// <summary>
    /// For a newly ready execution: null when its tenant has a free share (the job is queued at once), else about when
    /// its turn comes, by its place in the tenant's backlog, so the jobs of a burst wake one share at a time.
    /// </summary>
    public async Task<TimeSpan?> TurnOfNewDispatchAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (Cap <= 0) return null;
        var (inFlight, queued) = await LoadAsync(tenantId, Guid.Empty, cancellationToken);
        var ahead = inFlight + queued - Cap;
        if (ahead <= 0) return null;
        // A little early rather than late: a job that wakes before a share is free asks again shortly, while one that
        // wakes late leaves the share idle.
        return TimeSpan.FromSeconds(Math.Min(LongestWait.TotalSeconds, 0.8 * ahead / Cap * CallSeconds(tenantId)));
    }

    /// <summary>True while the tenant has its full share in flight: its waiting requests are queued, not stalled.</summary>
    public async Task<bool> IsBusyAsync(string tenantId, CancellationToken cancellationToken) =>
        Cap > 0 && (await LoadAsync(tenantId, Guid.Empty, cancellationToken)).InFlight >= Cap;

    /// <summary>
    /// Null while the tenant's backlog has room for one more; else how many wait and about how long until the backlog
    /// is back under its limit.
    /// </summary>
    public async Task<(int Queued, TimeSpan RetryAfter)?> BacklogFullAsync(string tenantId, CancellationToken cancellationToken)
    {
        var limit = dispatch.Value.MaxQueuedPerTenant;
        if (limit <= 0) return null;
        var (_, queued) = await LoadAsync(tenantId, Guid.Empty, cancellationToken);
        if (queued < limit) return null;
        return (queued, TimeSpan.FromSeconds(Math.Min(LongestWait.TotalSeconds, DrainTime(tenantId, queued - limit + 1).TotalSeconds)));
    }

    /// <summary>
    /// Where a ready execution of the tenant stands: how many of its tenant's ready executions have waited longer (the
    /// whole backlog, for one not launched yet) and about how long until its turn.
    /// </summary>
    public async Task<QueuePlace> PlaceAsync(string tenantId, DateTimeOffset? readySince, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(tenantId);
        var waiting = session.Query<ExecutionView>().Where(x => x.Status == ExecutionStatus.Requested);
        if (readySince is { } since) waiting = waiting.Where(x => x.LastChangedAt < since);
        var ahead = await waiting.CountAsync(cancellationToken);
        return new QueuePlace(ahead, DrainTime(tenantId, ahead));
    }

    /// <summary>About how long the tenant's share of workers takes to work through <paramref name="executions"/> calls.</summary>
    private TimeSpan DrainTime(string tenantId, int executions)
    {
        var share = Math.Max(1, Cap > 0 ? Cap : workers.Value.WorkerCount);
        return TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(executions * CallSeconds(tenantId) / share)));
    }

    /// <summary>How long calls take for this tenant lately (a moving average), to size the waits.</summary>
    public void RecordCall(string tenantId, TimeSpan duration) =>
        _callSeconds.AddOrUpdate(tenantId, duration.TotalSeconds, (_, average) => average * 0.8 + duration.TotalSeconds * 0.2);

    private double CallSeconds(string tenantId) => _callSeconds.GetValueOrDefault(tenantId, DefaultCallDuration.TotalSeconds);

    private async Task<(int InFlight, int Queued)> LoadAsync(string tenantId, Guid executionId, CancellationToken cancellationToken)
    {
        var leaseStart = time.GetUtcNow() - ExecutionDecisions.DispatchLease;
        var silent = (await nodes.SilentAsync(cancellationToken)).ToArray();
        await using var session = store.QuerySession(tenantId);
        var inFlight = await session.Query<ExecutionView>()
            .CountAsync(x => x.Status == ExecutionStatus.Dispatched && x.LastChangedAt > leaseStart && x.Id != executionId
                             && (x.DispatchNode == null || !x.DispatchNode.IsOneOf(silent)), cancellationToken);
        var queued = await session.Query<ExecutionView>().CountAsync(x => x.Status == ExecutionStatus.Requested, cancellationToken);
        return (inFlight, queued);
    }
}
