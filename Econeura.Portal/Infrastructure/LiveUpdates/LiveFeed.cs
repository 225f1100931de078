namespace Econeura.Portal.Infrastructure.LiveUpdates;

/// <summary>
/// Changed rows of one read model, read once per process and handed to every interested page of the tenant. Each page
/// patches what it shows from the rows instead of re-running its own query, so a burst of changes costs one
/// <c>LoadMany</c> per process, whatever the number of open pages.
/// </summary>
public sealed partial class LiveFeed<TRow>(StreamChangeNotifier notifier, IDocumentStore store, ILogger<LiveFeed<TRow>> logger)
    where TRow : class, ILiveRow
{
    private sealed class TenantFeed
    {
        public required IDisposable Upstream { get; init; }
        public Dictionary<Guid, Coalescer<Guid, TRow>> Subscribers { get; } = [];
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<string, TenantFeed> _feeds = [];

    public IDisposable Subscribe(string tenantId, Func<LiveBatch<TRow>, Task> onRowsChanged)
    {
        var subscriptionId = Guid.NewGuid();
        var coalescer = new Coalescer<Guid, TRow>(row => row.Id, onRowsChanged, LogSubscriberFailed);
        lock (_gate)
        {
            if (!_feeds.TryGetValue(tenantId, out var feed))
                _feeds[tenantId] = feed = new TenantFeed { Upstream = notifier.Subscribe(tenantId, batch => LoadAndFanOutAsync(tenantId, batch)) };
            feed.Subscribers[subscriptionId] = coalescer;
        }
        return new Subscription(() =>
        {
            IDisposable? upstream = null;
            lock (_gate)
            {
                if (!_feeds.TryGetValue(tenantId, out var feed)) return;
                feed.Subscribers.Remove(subscriptionId);
                if (feed.Subscribers.Count == 0)
                {
                    _feeds.Remove(tenantId);
                    upstream = feed.Upstream;
                }
            }
            upstream?.Dispose();
        });
    }

    private async Task LoadAndFanOutAsync(string tenantId, LiveBatch<Guid> changed)
    {
        IReadOnlyList<TRow> rows = [];
        if (changed.Items.Count > 0)
        {
            await using var session = store.QuerySession(tenantId);
            // Streams of other kinds share the notifications; they simply have no row of this type.
            rows = await session.LoadManyAsync<TRow>(changed.Items);
        }
        if (rows.Count == 0 && !changed.Resync) return;
        Coalescer<Guid, TRow>[] subscribers;
        lock (_gate) subscribers = _feeds.TryGetValue(tenantId, out var feed) ? [.. feed.Subscribers.Values] : [];
        foreach (var subscriber in subscribers) subscriber.Post(rows, changed.Resync);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live page failed to take its changed rows")]
    private partial void LogSubscriberFailed(Exception exception);
}
