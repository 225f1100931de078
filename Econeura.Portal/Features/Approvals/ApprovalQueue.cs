using System.Collections.Immutable;
using Econeura.Portal.Infrastructure.LiveUpdates;
using Econeura.Domain.Approvals;

namespace Econeura.Portal.Features.Approvals;

/// <summary>
/// The pending approval requests of each tenant that has a queue or a badge open in this process, kept current from the
/// <see cref="LiveFeed{TRow}"/>: read once when the first page opens, then patched row by row. Every page shares the same
/// immutable snapshot, so an open queue costs its render tree, not a copy of the queue, and an event costs no query.
/// </summary>
public sealed partial class ApprovalQueue(LiveFeed<ApprovalView> feed, IDocumentStore store, ILogger<ApprovalQueue> logger)
{
    /// <summary>More than any team can work; beyond it the oldest-expiring are shown and the rest wait their turn.</summary>
    public const int Capacity = 5_000;

    private sealed class TenantQueue
    {
        public ImmutableDictionary<Guid, ApprovalView> Pending { get; set; } = ImmutableDictionary<Guid, ApprovalView>.Empty;
        public Dictionary<Guid, Coalescer<Guid, ApprovalView>> Subscribers { get; } = [];
        public IDisposable? Upstream { get; set; }
        public Task Loaded { get; set; } = Task.CompletedTask;
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<string, TenantQueue> _queues = [];

    /// <summary>The tenant's pending requests now: the shared snapshot when a page keeps it current, else read once.</summary>
    public async Task<IReadOnlyCollection<ApprovalView>> PendingAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        TenantQueue? queue;
        lock (_gate) _queues.TryGetValue(tenantId, out queue);
        if (queue is not null)
        {
            await queue.Loaded.WaitAsync(cancellationToken);
            return queue.Pending.Values.ToList();
        }
        return await LoadAsync(tenantId, cancellationToken);
    }

    /// <summary>Keeps the tenant's queue current while subscribed; <paramref name="onChanged"/> gets the rows that changed (decided ones included).</summary>
    public async Task<IDisposable> SubscribeAsync(string tenantId, Func<LiveBatch<ApprovalView>, Task> onChanged)
    {
        var subscriptionId = Guid.NewGuid();
        var coalescer = new Coalescer<Guid, ApprovalView>(row => row.Id, onChanged, LogSubscriberFailed);
        TenantQueue queue;
        lock (_gate)
        {
            if (!_queues.TryGetValue(tenantId, out var existing))
            {
                _queues[tenantId] = existing = new TenantQueue();
                // Subscribe before reading, so nothing committed during the read is missed; versions settle the overlap.
                existing.Upstream = feed.Subscribe(tenantId, batch => ApplyAsync(tenantId, existing, batch));
                existing.Loaded = ReloadAsync(tenantId, existing);
            }
            existing.Subscribers[subscriptionId] = coalescer;
            queue = existing;
        }
        await queue.Loaded;
        return new Subscription(() => Unsubscribe(tenantId, subscriptionId));
    }

    private void Unsubscribe(string tenantId, Guid subscriptionId)
    {
        IDisposable? upstream = null;
        lock (_gate)
        {
            if (!_queues.TryGetValue(tenantId, out var queue)) return;
            queue.Subscribers.Remove(subscriptionId);
            if (queue.Subscribers.Count > 0) return;
            _queues.Remove(tenantId);
            upstream = queue.Upstream;
        }
        upstream?.Dispose();
    }

    private async Task ApplyAsync(string tenantId, TenantQueue queue, LiveBatch<ApprovalView> batch)
    {
        await queue.Loaded;
        if (batch.Resync) await ReloadAsync(tenantId, queue);
        lock (_gate) queue.Pending = Merge(queue.Pending, batch.Items);
        Coalescer<Guid, ApprovalView>[] subscribers;
        lock (_gate) subscribers = [.. queue.Subscribers.Values];
        foreach (var subscriber in subscribers) subscriber.Post(batch.Items, batch.Resync);
    }

    private async Task ReloadAsync(string tenantId, TenantQueue queue)
    {
        // Changes that arrive meanwhile wait for this read (ApplyAsync awaits Loaded) and are merged after it by version.
        var pending = await LoadAsync(tenantId, CancellationToken.None);
        lock (_gate) queue.Pending = pending.ToImmutableDictionary(v => v.Id);
    }

    /// <summary>Newer copies replace older ones; rows that stopped being pending leave.</summary>
    private static ImmutableDictionary<Guid, ApprovalView> Merge(ImmutableDictionary<Guid, ApprovalView> pending, IEnumerable<ApprovalView> rows)
    {
        var builder = pending.ToBuilder();
        foreach (var row in rows)
        {
            if (builder.TryGetValue(row.Id, out var known) && known.Version > row.Version) continue;
            if (row.Status == ApprovalStatus.Pending) builder[row.Id] = row;
            else builder.Remove(row.Id);
        }
        return builder.ToImmutable();
    }

    private async Task<IReadOnlyList<ApprovalView>> LoadAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(tenantId);
        return await session.Query<ApprovalView>()
            .Where(v => v.Status == ApprovalStatus.Pending)
            .OrderBy(v => v.ExpireAt)
            .Take(Capacity)
            .ToListAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An approval queue page failed to take its changes")]
    private partial void LogSubscriberFailed(Exception exception);
}
