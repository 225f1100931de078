namespace Econeura.Domain.Dlp;

/// <summary>The strictest applicable action and one reason per entity type found (or the scan failure).</summary>
public sealed record PolicyDecision(DlpAction Action, IReadOnlyList<PolicyReason> Reasons)
{
    public static PolicyDecision Clean { get; } = new(DlpAction.Allow, Array.Empty<PolicyReason>());
}
