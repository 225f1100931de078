namespace Econeura.Domain.Dlp;

/// <summary>
/// Scan + policy + redaction in one call. <see cref="Redaction"/> is null when the scan failed (the decision is then Block):
/// there is no scanned text to show or forward.
/// </summary>
public sealed record DlpResult(ScanOutcome Scan, PolicyDecision Decision, RedactionResult? Redaction);
