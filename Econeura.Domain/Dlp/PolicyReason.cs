namespace Econeura.Domain.Dlp;

/// <summary>
/// Structured reason (localisable by the UI from Code/EntityType/Count/Action). <see cref="Message"/> is an English default,
/// e.g. "SECRET found (1): blocked by policy".
/// </summary>
public sealed record PolicyReason(PolicyReasonCode Code, EntityType? EntityType, int Count, DlpAction Action)
{
    public string Message => Code switch
    {
        PolicyReasonCode.ScanOverBudget =>
            "the input needs more personal-data scanning than its length allows: blocked, nothing was sent (fail closed)",
        PolicyReasonCode.ScanFailed => "the personal-data scan failed: blocked, nothing was sent (fail closed)",
        _ => $"{EntityType?.ToWireName()} found ({Count}): {Verb(Action)}",
    };

    private static string Verb(DlpAction a) => a switch
    {
        DlpAction.Block => "blocked by policy",
        DlpAction.RequireApproval => "approval required by policy",
        DlpAction.Redact => "redacted by policy",
        _ => "allowed by policy",
    };
}
