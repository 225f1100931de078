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

/// <summary>A fixed cap of half the workers per tenant: the default before workers were shared by fewest calls in flight.</summary>
public sealed class FixedCapDispatchFixture : DefaultDispatchFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings) { ["Dispatch:PerTenantInFlight"] = "2" };
}

/// <summary>
/// Measures, not asserts (run by bench/fairness.sh): one user launches 300 executions at once, then another tenant
/// launches one; how long that one waits from launch to completion, and how fast the burst runs, with workers shared by
/// fewest calls in flight (the default) and with a fixed cap of half the workers per tenant.
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
public sealed class FairDispatchSharedBenchmark(DefaultDispatchFixture fixture, ITestOutputHelper output)
    : FairDispatchBenchmark(fixture, output, "workers to the fewest calls in flight, the default"), IClassFixture<DefaultDispatchFixture>
{
    [Fact]
    public Task Another_tenants_wait_during_a_300_launch_burst() => MeasureAsync();
}

[Trait("Category", "Benchmark")]
public sealed class FairDispatchFixedCapBenchmark(FixedCapDispatchFixture fixture, ITestOutputHelper output)
    : FairDispatchBenchmark(fixture, output, "fixed cap of 2 per tenant, the former default"), IClassFixture<FixedCapDispatchFixture>
{
    [Fact]
    public Task Another_tenants_wait_during_a_300_launch_burst() => MeasureAsync();
}
