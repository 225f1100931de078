namespace Econeura.Domain.Dlp;

/// <summary>
/// Result of the fail-closed entry point. When <see cref="Succeeded"/> is false the text must be treated as
/// unscanned (the policy turns it into Block); <see cref="Findings"/> is then empty and meaningless.
/// </summary>
public sealed record ScanOutcome(IReadOnlyList<Finding> Findings, ScanFailure Failure, TimeSpan Elapsed, string? Error = null)
{
    public bool Succeeded => Failure == ScanFailure.None;

    public static ScanOutcome Completed(IReadOnlyList<Finding> findings, TimeSpan elapsed) => new(findings, ScanFailure.None, elapsed);

    public static ScanOutcome Failed(ScanFailure failure, TimeSpan elapsed, string? error) => new(Array.Empty<Finding>(), failure, elapsed, error);
}
