namespace Econeura.Portal.Infrastructure.LiveUpdates;

/// <summary>
/// The one place this process learns that a stream changed. Fed by <see cref="PostgresChangeListener"/>, so a change
/// committed by any portal process on the same database reaches the subscribers of every process, and only those of
/// the stream's tenant. Subscribers are told concurrently, each through its own <see cref="Coalescer{TKey,TValue}"/>.
/// </summary>
public sealed partial class StreamChangeNotifier(ILogger<StreamChangeNotifier> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<Guid, Coalescer<Guid, Guid>>> _subscribersByTenant = [];

    public IDisposable Subscribe(string tenantId, Func<LiveBatch<Guid>, Task> onStreamsChanged)
    {
        var subscriptionId = Guid.NewGuid();
        var coalescer = new Coalescer<Guid, Guid>(id => id, onStreamsChanged, LogSubscriberFailed);
        lock (_gate)
        {
            if (!_subscribersByTenant.TryGetValue(tenantId, out var subscribers)) _subscribersByTenant[tenantId] = subscribers = [];
            subscribers[subscriptionId] = coalescer;
        }
        return new Subscription(() =>
        {
            lock (_gate)
            {
                if (!_subscribersByTenant.TryGetValue(tenantId, out var subscribers)) return;
                subscribers.Remove(subscriptionId);
                // Tenants come and go with their users' pages; an empty bucket is not kept.
                if (subscribers.Count == 0) _subscribersByTenant.Remove(tenantId);
            }
        });
    }

    public void Publish(string tenantId, Guid streamId)
    {
        foreach (var subscriber in SubscribersOf(tenantId)) subscriber.Post([streamId]);
    }

    /// <summary>Changes may have been missed (the listener reconnected): every subscriber re-reads everything.</summary>
    public void ResyncEveryone()
    {
        Coalescer<Guid, Guid>[] everyone;
        lock (_gate) everyone = [.. _subscribersByTenant.Values.SelectMany(s => s.Values)];
        foreach (var subscriber in everyone) subscriber.Post([], resync: true);
    }

    private Coalescer<Guid, Guid>[] SubscribersOf(string tenantId)
    {
        lock (_gate) return _subscribersByTenant.TryGetValue(tenantId, out var subscribers) ? [.. subscribers.Values] : [];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live-update subscriber failed")]
    private partial void LogSubscriberFailed(Exception exception);
}

/// <summary>Runs its action once, on the first Dispose.</summary>
public sealed class Subscription(Action unsubscribe) : IDisposable
{
    private Action? _unsubscribe = unsubscribe;

    public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
}
