using System.Globalization;
using Econeura.Portal.Infrastructure.LiveUpdates;
using Microsoft.Extensions.Logging.Abstractions;

namespace Econeura.Portal.Tests.LiveUpdates;

/// <summary>The notifier's fan-out: concurrent, coalesced per page, tenant-sealed, and tidy when pages close.</summary>
public sealed class StreamChangeNotifierTests
{
    private readonly StreamChangeNotifier _notifier = new(NullLogger<StreamChangeNotifier>.Instance);

    [Fact]
    public async Task A_burst_reaches_a_slow_page_in_a_few_merged_batches_with_every_stream_once()
    {
        var batches = 0;
        var seen = new HashSet<Guid>();
        var done = new TaskCompletionSource();
        var burst = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToList();
        using var slow = _notifier.Subscribe("tenant-a", async changed =>
        {
            Interlocked.Increment(ref batches);
            await Task.Delay(50); // a page still rendering its last change
            lock (seen) seen.UnionWith(changed.Items);
            lock (seen) if (seen.Count == burst.Count) done.TrySetResult();
        });

        foreach (var id in burst) _notifier.Publish("tenant-a", id);

        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(batches, 1, 5);
    }

    [Fact]
    public async Task A_page_hears_its_changes_in_its_readers_culture_whatever_the_thread_that_publishes()
    {
        var heardIn = new TaskCompletionSource<(string Culture, string UiCulture)>();
        IDisposable subscription;
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            // The page subscribes from its circuit, which is in the reader's culture.
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("es-ES");
            subscription = _notifier.Subscribe("tenant-a", _ =>
            {
                heardIn.TrySetResult((CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name));
                return Task.CompletedTask;
            });
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }

        // The listener's thread has no reader's culture.
        await Task.Run(() =>
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            _notifier.Publish("tenant-a", Guid.NewGuid());
        });

        Assert.Equal(("es-ES", "es-ES"), await heardIn.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        subscription.Dispose();
    }

    [Fact]
    public async Task A_slow_page_does_not_hold_up_a_fast_one()
    {
        var slowGate = new TaskCompletionSource();
        var fastHeard = new TaskCompletionSource();
        using var slow = _notifier.Subscribe("tenant-a", _ => slowGate.Task);
        using var fast = _notifier.Subscribe("tenant-a", _ =>
        {
            fastHeard.TrySetResult();
            return Task.CompletedTask;
        });

        _notifier.Publish("tenant-a", Guid.NewGuid());

        await fastHeard.Task.WaitAsync(TimeSpan.FromSeconds(5));
        slowGate.SetResult();
    }

    [Fact]
    public async Task Changes_of_one_tenant_never_reach_another()
    {
        var otherHeard = new List<Guid>();
        var otherCaughtUp = new TaskCompletionSource();
        var later = Guid.NewGuid();
        using var other = _notifier.Subscribe("tenant-b", changed =>
        {
            lock (otherHeard) otherHeard.AddRange(changed.Items);
            if (changed.Items.Contains(later)) otherCaughtUp.TrySetResult();
            return Task.CompletedTask;
        });
        using var own = _notifier.Subscribe("tenant-a", _ => Task.CompletedTask);

        var ownChange = Guid.NewGuid();
        _notifier.Publish("tenant-a", ownChange);
        // A change of tenant-b's own, after it: had tenant-a's reached tenant-b's page, it would have come first, through
        // the same queue, so by the time the later one is in, the earlier one would be too.
        _notifier.Publish("tenant-b", later);

        await otherCaughtUp.Task.WaitAsync(TimeSpan.FromSeconds(5));
        lock (otherHeard) Assert.Equal([later], otherHeard);
    }

    [Fact]
    public void A_closed_page_leaves_nothing_of_itself_nor_of_its_tenant_behind()
    {
        var (tenant, handler) = SubscribeAndClose();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(handler.IsAlive, "the notifier still holds the closed page's handler");
        Assert.False(tenant.IsAlive, "the notifier still holds an empty bucket keyed by the tenant");
    }

    // Not inlined, so that nothing of the subscription outlives this frame but what the notifier itself keeps.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private (WeakReference Tenant, WeakReference Handler) SubscribeAndClose()
    {
        var tenantId = $"tenant-{Guid.NewGuid()}"; // a string of its own, not an interned literal
        var heard = new List<Guid>();
        Func<LiveBatch<Guid>, Task> handler = changed =>
        {
            heard.AddRange(changed.Items);
            return Task.CompletedTask;
        };
        _notifier.Subscribe(tenantId, handler).Dispose();
        return (new WeakReference(tenantId), new WeakReference(handler));
    }
}
