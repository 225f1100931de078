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

public sealed class UncappedDispatchFixture : PortalFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Dispatch:PerTenantInFlight"] = "0",
        ["Agents:Simulator:LatencyMs"] = "100",
    };
}

/// <summary>
/// One tenant launches a burst, then another tenant launches one execution. What matters is how much of the burst runs
/// before the other tenant's execution: an order, not a time, so a slow machine does not change the verdict.
/// </summary>
public abstract class BurstThenOneTest(PortalFixture fixture)
{
    protected const int Burst = 40;
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

public sealed class UncappedDispatchTests(UncappedDispatchFixture fixture) : BurstThenOneTest(fixture), IClassFixture<UncappedDispatchFixture>
{
    // The contrast that shows what the cap buys: in arrival order the other tenant waits for nearly the whole burst.
    [Fact]
    public async Task Without_a_cap_another_tenants_execution_waits_behind_the_whole_burst() =>
        Assert.InRange(await BurstCompletedBeforeTheOtherTenantsExecutionAsync(), Burst * 3 / 4, Burst);
}
