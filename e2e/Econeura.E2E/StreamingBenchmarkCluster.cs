namespace Econeura.E2E;

/// <summary>
/// Two nodes with a worker for each of 50 answers streaming at once (25 each), no fair-use limits, and the memory probe.
/// </summary>
public sealed class StreamingBenchmarkCluster : PortalCluster
{
    protected override int SimulatorLatencyMs => 0;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["BackgroundJobs__WorkerCount"] = "25",
        ["RateLimits__PerUser__PermitLimit"] = "0",
        ["RateLimits__PerTenant__PermitLimit"] = "0",
    };

    protected override bool ProbeMemory => true;

    // Every open page stands for a person's browser in the foreground: none is throttled as a background tab would be.
    protected override IReadOnlyList<string> BrowserArguments =>
        ["--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows", "--disable-renderer-backgrounding"];
}
