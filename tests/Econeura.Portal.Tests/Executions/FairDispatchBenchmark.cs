using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Econeura.Portal.Tests.Executions;

/// <summary>The probe's scenario as the portal runs by default: four workers, agents that take 1.2 s.</summary>
public class DefaultDispatchFixture : PortalFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["BackgroundJobs:WorkerCount"] = "4",
        ["Agents:Simulator:LatencyMs"] = "1200",
    };
}

public sealed class DefaultDispatchUncappedFixture : DefaultDispatchFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings) { ["Dispatch:PerTenantInFlight"] = "0" };
}

/// <summary>
/// Measures, not asserts (run by bench/fairness.sh): one user launches 300 executions at once, then another tenant
/// launches one; how long that one waits from launch to completion, with the per-tenant cap and without it.
/// </summary>
public abstract class FairDispatchBenchmark(PortalFixture fixture, ITestOutputHelper output, string label)
{
    private const int Burst = 300;

    protected async Task MeasureAsync()
    {
        var launcher = fixture.Services.GetRequiredService<ExecutionLauncher>();
        var ana = PortalFixture.User("ana");
        var elena = PortalFixture.User("elena");
        var launching = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Burst), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, token) => await launcher.LaunchAsync(ana, "neura-10", $"Informe {i}", token));
        var burstLaunched = launching.Elapsed;

        var waiting = Stopwatch.StartNew();
        var other = Assert.IsType<LaunchResult.Launched>(await launcher.LaunchAsync(elena, "neura-10", "Informe de Fabrikam")).ExecutionId;
        var done = await Eventually.Until(async () =>
        {
            await using var session = fixture.Store.QuerySession(elena.TenantId);
            return await session.LoadAsync<ExecutionView>(other);
        }, view => view?.FinishedAt is not null, "the other tenant's execution", timeoutSeconds: 600);
        var wait = waiting.Elapsed;
        await using var contoso = fixture.Store.QuerySession(ana.TenantId);
        var before = await contoso.Query<ExecutionView>().CountAsync(v => v.FinishedAt != null && v.FinishedAt <= done!.FinishedAt);

        // The burst itself keeps moving at its share: how much of it finishes in the next 20 s.
        await Task.Delay(TimeSpan.FromSeconds(20));
        var later = await contoso.Query<ExecutionView>().CountAsync(v => v.FinishedAt != null);

        output.WriteLine($"fairness ({label}): {Burst} launches in {burstLaunched.TotalSeconds:F1} s; the other tenant's execution " +
                         $"finished {wait.TotalSeconds:F1} s after its launch (agent call 1.2 s), after {before} of the burst; " +
                         $"the burst then finished {(later - before) / 20.0:F1} executions/s");
    }
}

[Trait("Category", "Benchmark")]
public sealed class FairDispatchCappedBenchmark(DefaultDispatchFixture fixture, ITestOutputHelper output)
    : FairDispatchBenchmark(fixture, output, "per-tenant cap, the default"), IClassFixture<DefaultDispatchFixture>
{
    [Fact]
    public Task Another_tenants_wait_during_a_300_launch_burst() => MeasureAsync();
}

[Trait("Category", "Benchmark")]
public sealed class FairDispatchUncappedBenchmark(DefaultDispatchUncappedFixture fixture, ITestOutputHelper output)
    : FairDispatchBenchmark(fixture, output, "no cap, one shared queue"), IClassFixture<DefaultDispatchUncappedFixture>
{
    [Fact]
    public Task Another_tenants_wait_during_a_300_launch_burst() => MeasureAsync();
}
