namespace Econeura.Portal.Features.Dispatch;

/// <summary>One running portal process as the others see it: alive while its heartbeat is fresh.</summary>
public sealed class PortalNode
{
    public string Id { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset HeartbeatAt { get; set; }
}

/// <summary>
/// This process's identity and heartbeat, kept in PostgreSQL every few seconds, so that work a process holds (an agent
/// call in flight) is taken over within seconds of its death instead of after a long lease. A killed process cannot
/// say goodbye: its silence is what tells.
/// </summary>
public sealed class PortalNodes(IDocumentStore store, DatabaseOutage outage, TimeProvider time, ILogger<PortalNodes> logger)
    : PeriodicWork(HeartbeatInterval, outage, time, logger)
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

    /// <summary>Four missed heartbeats: longer than a garbage collection or a busy moment, short beside an agent call's lease.</summary>
    public static readonly TimeSpan SilentFor = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);
    private static readonly TimeSpan SilentListKeptFor = TimeSpan.FromSeconds(2);
    private SilentNodes? _silent;
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    /// <summary>Unique to this run of this process (a restarted process is another node).</summary>
    public string Id { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>
    /// Which nodes count as alive now: all but those whose heartbeat went stale. A node without a heartbeat on record
    /// (its first one not yet written) is given the benefit of the doubt: taking its call over could pay for it twice.
    /// </summary>
    public async Task<Func<string, bool>> LivenessAsync(CancellationToken cancellationToken)
    {
        var silent = (await SilentAsync(cancellationToken)).ToHashSet();
        return node => node == Id || !silent.Contains(node);
    }

    /// <summary>
    /// Nodes that stopped beating (recently enough to still be remembered). Every dispatch asks, so the answer is kept
    /// for a couple of seconds: a death is noticed after <see cref="SilentFor"/> anyway.
    /// </summary>
    public async Task<IReadOnlyList<string>> SilentAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        if (_silent is { } known && now - known.ReadAt < SilentListKeptFor) return known.Nodes;
        var since = now - SilentFor;
        await using var session = store.QuerySession();
        var nodes = await session.Query<PortalNode>().Where(n => n.HeartbeatAt < since).Select(n => n.Id).ToListAsync(cancellationToken);
        _silent = new SilentNodes(now, nodes);
        return nodes;
    }

    private sealed record SilentNodes(DateTimeOffset ReadAt, IReadOnlyList<string> Nodes);

    /// <summary>One heartbeat; processes silent for a day are forgotten.</summary>
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        await using var session = store.LightweightSession();
        session.Store(new PortalNode { Id = Id, StartedAt = _startedAt, HeartbeatAt = now });
        var forgetBefore = now - ForgetAfter;
        session.DeleteWhere<PortalNode>(n => n.HeartbeatAt < forgetBefore);
        await session.SaveChangesAsync(cancellationToken);
    }
}
