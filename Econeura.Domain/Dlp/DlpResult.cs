namespace Econeura.Domain.Dlp;

/// <summary>Scan + policy + redaction in one call.</summary>
/// <param name="SafeText">Text that may be forwarded: the original when clean, the redacted text when the decision is Allow/Redact,
/// null when the decision is RequireApproval or Block (including every failed scan). Never unscanned text.</param>
public sealed record DlpResult(ScanOutcome Scan, PolicyDecision Decision, RedactionResult? Redaction, string? SafeText);
