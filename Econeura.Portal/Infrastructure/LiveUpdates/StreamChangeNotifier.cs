using System.Collections.Concurrent;

namespace Econeura.Portal.Infrastructure.LiveUpdates;

/// <summary>
/// The one place live pages learn that a stream changed. Fed by <see cref="PostgresChangeListener"/>, so a change
/// committed by any portal process on the same database reaches the subscribers of every process, and only those of
/// the stream's tenant.
/// </summary>
public sealed partial class StreamChangeNotifier(ILogger<StreamChangeNotifier> logger)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Func<Guid, Task>>> _subscribersByTenant = new();

    public IDisposable Subscribe(string tenantId, Func<Guid, Task> onStreamChanged)
    {
        var subscriptionId = Guid.NewGuid();
        var subscribers = _subscribersByTenant.GetOrAdd(tenantId, _ => new());
        subscribers[subscriptionId] = onStreamChanged;
        return new Subscription(() => subscribers.TryRemove(subscriptionId, out _));
    }

    /// <summary>The id subscribers receive when changes may have been missed (the listener reconnected): re-read everything.</summary>
    public static readonly Guid Everything = Guid.Empty;

    public async Task PublishAsync(string tenantId, Guid streamId)
    {
        if (!_subscribersByTenant.TryGetValue(tenantId, out var subscribers)) return;
        await NotifyAsync(subscribers, streamId);
    }

    public async Task ResyncEveryoneAsync()
    {
        foreach (var subscribers in _subscribersByTenant.Values) await NotifyAsync(subscribers, Everything);
    }

    private async Task NotifyAsync(ConcurrentDictionary<Guid, Func<Guid, Task>> subscribers, Guid streamId)
    {
        foreach (var subscriber in subscribers.Values)
        {
            // One broken circuit must not keep the others from hearing about the change.
            try
            {
                await subscriber(streamId);
            }
            catch (Exception exception)
            {
                LogSubscriberFailed(exception, streamId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live-update subscriber failed for stream {StreamId}")]
    private partial void LogSubscriberFailed(Exception exception, Guid streamId);

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private Action? _unsubscribe = unsubscribe;

        public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
    }
}
