using Bunit;
using Econeura.Portal.Infrastructure.LiveUpdates;

namespace Econeura.Portal.Tests.LiveUpdates;

/// <summary>A page following a few runs (a conversation thread) hears of those, and is not woken for every other run of its tenant.</summary>
public sealed class LiveStreamChangesTests(PortalFixture fixture) : PortalComponentTest(fixture, "ana", "es-ES")
{
    [Fact]
    public async Task A_page_that_says_which_runs_it_shows_is_handed_their_changes_only_and_nothing_for_the_others()
    {
        var ana = PortalFixture.User("ana");
        var launcher = Fixture.Service<ExecutionLauncher>();
        // Both wait for approval: nothing else moves them while the test publishes their changes itself.
        var shown = await LaunchedAsync(launcher.LaunchAsync(ana, "ciso-access-recertification", "Accesos del equipo de ventas"));
        var other = await LaunchedAsync(launcher.LaunchAsync(ana, "ciso-access-recertification", "Accesos del equipo de compras"));
        var handed = new List<IReadOnlyList<Guid>>();
        Render<LiveStreamChanges<ExecutionView>>(p => p
            .Add(c => c.Concerns, row => row.Id == shown)
            .Add(c => c.OnChanged, (LiveBatch<ExecutionView> batch) => { lock (handed) handed.Add([.. batch.Items.Select(row => row.Id)]); }));

        // In this order, each page hears of the other run before (or together with) the one it shows.
        var notifier = Fixture.Service<StreamChangeNotifier>();
        notifier.Publish(ana.TenantId, other);
        notifier.Publish(ana.TenantId, shown);

        var batches = await Eventually.Until(() => Task.FromResult(Snapshot(handed)), batches => batches.Count > 0, "the shown run's change to reach the page");
        Assert.All(batches, batch => Assert.Equal([shown], batch));
    }

    private static List<IReadOnlyList<Guid>> Snapshot(List<IReadOnlyList<Guid>> handed)
    {
        lock (handed) return [.. handed];
    }

    private static async Task<Guid> LaunchedAsync(Task<LaunchResult> launch) => Assert.IsType<LaunchResult.Launched>(await launch).ExecutionId;
}
