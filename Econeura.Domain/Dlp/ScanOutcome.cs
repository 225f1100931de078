namespace Econeura.Domain.Dlp;

/// <summary>
/// Result of the fail-closed entry point. When <see cref="Succeeded"/> is false the text must be treated as
/// unscanned (the policy turns it into Block); <see cref="Findings"/> is then empty and meaningless.
/// <see cref="Steps"/> is the work done, counted as the <see cref="ScanBudget"/> counts it.
/// </summary>
public sealed record ScanOutcome(IReadOnlyList<Finding> Findings, ScanFailure Failure, long Steps, string? Error = null)
{
    public bool Succeeded => Failure == ScanFailure.None;

    public static ScanOutcome Completed(IReadOnlyList<Finding> findings, long steps) => new(findings, ScanFailure.None, steps);

    public static ScanOutcome Failed(ScanFailure failure, long steps, string? error) => new(Array.Empty<Finding>(), failure, steps, error);
}
