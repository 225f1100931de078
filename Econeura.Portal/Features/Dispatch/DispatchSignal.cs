namespace Econeura.Portal.Features.Dispatch;

/// <summary>
/// Wakes this node's <see cref="Dispatcher"/> when a commit here changed the dispatch queue (the feature that owns the
/// work says when), so ready work is handed out at once rather than at the next round. Commits on other nodes wake their
/// own dispatcher: any node may hand out.
/// </summary>
public sealed class DispatchSignal
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Wake()
    {
        // One pending wake is enough: the dispatcher hands out everything that is due when it wakes.
        if (_pending.CurrentCount > 0) return;
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    /// <summary>Until woken or <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pending.WaitAsync(timeout, cancellationToken);
}
