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
    public async Task Changes_of_one_tenant_never_reach_another_and_a_closed_page_leaves_no_empty_bucket()
    {
        var otherTenantHeard = false;
        var ownHeard = new TaskCompletionSource();
        using (var other = _notifier.Subscribe("tenant-b", _ =>
               {
                   otherTenantHeard = true;
                   return Task.CompletedTask;
               }))
        using (var own = _notifier.Subscribe("tenant-a", _ =>
               {
                   ownHeard.TrySetResult();
                   return Task.CompletedTask;
               }))
        {
            _notifier.Publish("tenant-a", Guid.NewGuid());
            await ownHeard.Task.WaitAsync(TimeSpan.FromSeconds(5));
            await Task.Delay(100);
            Assert.False(otherTenantHeard);
            Assert.Equal(2, _notifier.TenantCount);
        }

        Assert.Equal(0, _notifier.TenantCount);
    }
}
