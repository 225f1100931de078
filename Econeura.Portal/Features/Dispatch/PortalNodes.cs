namespace Econeura.Portal.Features.Dispatch;

/// <summary>The portal processes alive now, and how many workers they run between them.</summary>
/// <param name="Alive">Node ids (<see cref="ThisNode.Id"/>) whose Hangfire server is beating.</param>
public sealed record NodeRoster(IReadOnlySet<string> Alive, int Workers);

/// <summary>
/// Which portal processes are alive, read from Hangfire's own server heartbeat (each process's server is named after
/// its <see cref="ThisNode"/>), so that the agent calls a process held are taken over within seconds of its death
/// instead of after a long lease. A killed process cannot say goodbye: its silence is what tells.
/// </summary>
public sealed class PortalNodes(ThisNode thisNode, JobStorage jobs, IOptions<BackgroundJobOptions> workers, DatabaseOutage outage, TimeProvider time)
{
    /// <summary>Four missed heartbeats: longer than a garbage collection or a busy moment, short beside an agent call's lease.</summary>
    public static readonly TimeSpan SilentFor = TimeSpan.FromSeconds(20);

    /// <summary>Every dispatch asks: the answer is kept a couple of seconds, as a death is noticed after <see cref="SilentFor"/> anyway.</summary>
    private static readonly TimeSpan RosterKeptFor = TimeSpan.FromSeconds(2);

    private KnownRoster? _known;

    public string Id => thisNode.Id;

    /// <summary>Whether a node counts as alive now; this one always does.</summary>
    public async Task<Func<string, bool>> LivenessAsync(CancellationToken cancellationToken)
    {
        var alive = (await RosterAsync(cancellationToken)).Alive;
        return node => node == Id || alive.Contains(node);
    }

    /// <summary>
    /// The nodes whose heartbeat is within <see cref="SilentFor"/> of the freshest one, measured against each other rather
    /// than this clock. A database outage silences every node alike, and they beat again one by one after it: until
    /// <see cref="SilentFor"/> after an outage this process saw, every node Hangfire lists counts as alive.
    /// </summary>
    public Task<NodeRoster> RosterAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_known is { } known && now - known.ReadAt < RosterKeptFor) return Task.FromResult(known.Roster);
        cancellationToken.ThrowIfCancellationRequested();
        var servers = jobs.GetMonitoringApi().Servers().Where(s => s.Heartbeat is not null).ToList();
        var freshest = servers.Count == 0 ? DateTime.MinValue : servers.Max(s => s.Heartbeat!.Value);
        var judged = !outage.SeenWithin(SilentFor);
        var beating = servers.Where(s => !judged || freshest - s.Heartbeat!.Value <= SilentFor).ToList();
        var alive = beating.Select(s => ThisNode.NodeOf(s.Name)).Append(Id).ToHashSet();
        // Until this process's server has announced itself, its own workers are still counted.
        var ownCounted = beating.Any(s => ThisNode.NodeOf(s.Name) == Id);
        var roster = new NodeRoster(alive, beating.Sum(s => s.WorkersCount) + (ownCounted ? 0 : workers.Value.WorkerCount));
        _known = new KnownRoster(now, roster);
        return Task.FromResult(roster);
    }

    private sealed record KnownRoster(DateTimeOffset ReadAt, NodeRoster Roster);
}
