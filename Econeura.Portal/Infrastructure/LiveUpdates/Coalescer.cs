using System.Globalization;

namespace Econeura.Portal.Infrastructure.LiveUpdates;

/// <summary>
/// Delivers changes to one subscriber, one batch at a time: what arrives while it is still busy with the last batch is
/// merged (latest copy per key) into the next one. A burst of a hundred commits costs a slow page one or two refreshes,
/// not a hundred queued ones, and a slow page never holds up the others: each subscriber drains on its own.
/// Every live update reaches its page through one of these, in the culture of the code that subscribed (the reader's
/// circuit), not in the listener's thread's: what the page renders from it speaks the reader's language.
/// </summary>
public sealed class Coalescer<TKey, TValue>(Func<TValue, TKey> keyOf, Func<LiveBatch<TValue>, Task> deliver, Action<Exception> onError)
    where TKey : notnull
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private readonly Lock _gate = new();
    private Dictionary<TKey, TValue> _pending = [];
    private bool _resync;
    private bool _draining;

    public void Post(IEnumerable<TValue> items, bool resync = false)
    {
        lock (_gate)
        {
            foreach (var item in items) _pending[keyOf(item)] = item;
            _resync |= resync;
            if (_draining || (_pending.Count == 0 && !_resync)) return;
            _draining = true;
        }
        _ = Task.Run(DrainAsync);
    }

    private async Task DrainAsync()
    {
        // Task.Run gave this drain its own copy of the context: the subscriber's culture flows from here into its InvokeAsync.
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        while (true)
        {
            LiveBatch<TValue> batch;
            lock (_gate)
            {
                if (_pending.Count == 0 && !_resync)
                {
                    _draining = false;
                    return;
                }
                batch = new LiveBatch<TValue>([.. _pending.Values], _resync);
                _pending = [];
                _resync = false;
            }
            try
            {
                await deliver(batch);
            }
            catch (Exception exception)
            {
                // One broken subscriber must not stop its own later deliveries, nor anyone else's.
                onError(exception);
            }
        }
    }
}
