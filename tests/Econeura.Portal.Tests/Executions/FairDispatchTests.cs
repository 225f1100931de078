using Econeura.Portal.Features.Dispatch;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Executions;

public sealed class OneCallPerTenantFixture : PortalFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Dispatch:PerTenantInFlight"] = "1",
        ["Agents:Simulator:LatencyMs"] = "100",
    };
}

/// <summary>The default: no fixed cap per tenant, four workers.</summary>
public sealed class FairShareFixture : PortalFixture
{
    public const int Workers = 4;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["BackgroundJobs:WorkerCount"] = Workers.ToString(),
        ["Agents:Simulator:LatencyMs"] = "300",
    };
}

/// <summary>
/// One tenant launches a burst, then another tenant launches one execution. What matters is how much of the burst runs
/// before the other tenant's execution: an order, not a time, so a slow machine does not change the verdict.
/// </summary>
public abstract class BurstThenOneTest(PortalFixture fixture)
{
    protected const int Burst = 40;
    protected static readonly PortalUser Carmen = PortalFixture.User("carmen");
    protected PortalFixture Fixture => fixture;
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly PortalUser Elena = PortalFixture.User("elena");

    protected async Task<int> BurstCompletedBeforeTheOtherTenantsExecutionAsync()
    {
        var launcher = fixture.Services.GetRequiredService<ExecutionLauncher>();
        var burst = new List<Guid>();
        for (var i = 0; i < Burst; i++)
            burst.Add(Assert.IsType<LaunchResult.Launched>(await launcher.LaunchAsync(Ana, "neura-10", $"Informe {i}")).ExecutionId);
        var other = Assert.IsType<LaunchResult.Launched>(await launcher.LaunchAsync(Elena, "neura-10", "Informe de Fabrikam")).ExecutionId;

        var done = await Eventually.Until(() => ViewAsync(Elena.TenantId, other), view => view?.FinishedAt is not null, "the other tenant's execution to finish");
        Assert.Equal(ExecutionStatus.Completed, done!.Status);
        await using var session = fixture.Store.QuerySession(Ana.TenantId);
        var burstViews = await session.LoadManyAsync<ExecutionView>(burst);
        return burstViews.Count(view => view.FinishedAt is { } finished && finished <= done.FinishedAt);
    }

    private async Task<ExecutionView?> ViewAsync(string tenantId, Guid id)
    {
        await using var session = fixture.Store.QuerySession(tenantId);
        return await session.LoadAsync<ExecutionView>(id);
    }
}

public sealed class FairDispatchTests(OneCallPerTenantFixture fixture) : BurstThenOneTest(fixture), IClassFixture<OneCallPerTenantFixture>
{
    [Fact]
    public async Task Another_tenants_execution_runs_before_most_of_one_tenants_burst() =>
        Assert.InRange(await BurstCompletedBeforeTheOtherTenantsExecutionAsync(), 0, Burst / 4);
}

/// <summary>
/// Without a fixed cap, workers are handed out only as they come free, each to the tenant with the fewest calls in
/// flight: a tenant alone uses them all, and another tenant still gets the next free one.
/// </summary>
public sealed class FairShareDispatchTests(FairShareFixture fixture) : BurstThenOneTest(fixture), IClassFixture<FairShareFixture>
{
    [Fact]
    public async Task Another_tenants_execution_runs_before_most_of_one_tenants_burst_without_a_fixed_cap() =>
        Assert.InRange(await BurstCompletedBeforeTheOtherTenantsExecutionAsync(), 0, Burst / 4);

    [Fact]
    public async Task A_tenant_alone_has_more_than_half_the_workers_calling_at_once()
    {
        // Alone: what another test of this class launched has finished.
        await Eventually.Until(() => Fixture.Database.CountAsync($"select count(*) from {DispatchQueue.Table}"), rows => rows == 0, "the queue to empty");
        var launcher = Fixture.Services.GetRequiredService<ExecutionLauncher>();
        var launched = new List<Guid>();
        for (var i = 0; i < 3 * FairShareFixture.Workers; i++)
            launched.Add(Assert.IsType<LaunchResult.Launched>(await launcher.LaunchAsync(Carmen, "neura-10", $"Resumen {i}")).ExecutionId);

        var views = await Eventually.Until(async () =>
        {
            await using var session = Fixture.Store.QuerySession(Carmen.TenantId);
            return await session.LoadManyAsync<ExecutionView>(launched);
        }, all => all.All(view => view.FinishedAt is not null), "every execution to finish");

        // The most calls under way at one moment: at the start of some call, how many had started and not finished.
        var calls = views.Select(view => (Started: view.Timeline.First(e => e.Kind == TimelineEntryKind.Dispatched).At, Finished: view.FinishedAt!.Value))
            .ToList();
        var mostAtOnce = calls.Max(call => calls.Count(other => other.Started <= call.Started && other.Finished > call.Started));
        Assert.InRange(mostAtOnce, FairShareFixture.Workers / 2 + 1, FairShareFixture.Workers);
    }
}
