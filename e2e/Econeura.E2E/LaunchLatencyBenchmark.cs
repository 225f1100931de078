using Econeura.Testing;
using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Econeura.E2E;

/// <summary>The simulator's own latency comes from ECONEURA_BENCH_SIMULATOR_LATENCY_MS (0 by default: the portal's pipeline alone).</summary>
public sealed class BenchmarkCluster : PortalCluster
{
    protected override int SimulatorLatencyMs =>
        int.TryParse(Environment.GetEnvironmentVariable("ECONEURA_BENCH_SIMULATOR_LATENCY_MS"), out var ms) ? ms : 0;

    public int Latency => SimulatorLatencyMs;

    // A benchmark is a load test: fair-use limits would measure the limiter, not the portal.
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["RateLimits__PerUser__PermitLimit"] = "0",
        ["RateLimits__PerTenant__PermitLimit"] = "0",
    };

    protected override bool ProbeMemory => true;

    // Every open page stands for a person's browser in the foreground: none is throttled as a background tab would be.
    protected override IReadOnlyList<string> BrowserArguments =>
        ["--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows", "--disable-renderer-backgrounding"];
}

/// <summary>
/// Measures, not asserts: from the click on Launch (node A) to the Completed status showing in a second browser that
/// was already open on the executions list (node B). Run by bench/e2e-latency.sh; excluded from the test suite.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class LaunchLatencyBenchmark(BenchmarkCluster cluster, ITestOutputHelper output) : IClassFixture<BenchmarkCluster>
{
    private const int Runs = 10;

    [Fact]
    public async Task Click_on_launch_to_completed_in_the_second_browser()
    {
        var watcher = await cluster.SignedInPageAsync(cluster.NodeB, "ana");
        await watcher.GotoAsync("/executions");
        await PortalCluster.WaitForCircuitAsync(watcher);
        var launcher = await cluster.SignedInPageAsync(cluster.NodeA, "ana");
        var timings = new List<double>();

        for (var run = 0; run < Runs + 1; run++)
        {
            await launcher.GotoAsync("/agents/neura-1/launch");
            await PortalCluster.WaitForCircuitAsync(launcher);
            await launcher.Locator("textarea").FillAsync($"Benchmark run {run}");
            var completedBefore = await watcher.Locator("[data-testid=execution-status][data-status=Completed]").CountAsync();

            var clock = Stopwatch.StartNew();
            await launcher.GetByTestId("launch-button").ClickAsync();
            await watcher.WaitForFunctionAsync(
                "n => document.querySelectorAll('[data-testid=execution-status][data-status=Completed]').length > n",
                completedBefore, new() { PollingInterval = 5, Timeout = 30_000 });
            clock.Stop();
            if (run > 0) timings.Add(clock.Elapsed.TotalMilliseconds); // the first run warms up both nodes
        }

        timings.Sort();
        var report = $"launch click -> Completed in second browser (other node), simulator latency {cluster.Latency} ms, {Runs} runs: " +
                     $"median {Median(timings):F0} ms, min {timings[0]:F0} ms, max {timings[^1]:F0} ms";
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(Repository.Artifacts("e2e"), "launch-latency.txt"), report + Environment.NewLine);
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
