namespace Econeura.Domain.Dlp;

/// <summary>
/// Redacted text plus the findings that were applied. Finding offsets refer to the ORIGINAL (unredacted) text,
/// not to <see cref="Redacted"/>.
/// </summary>
public sealed record RedactionResult(string Redacted, IReadOnlyList<Finding> Findings, IReadOnlyDictionary<EntityType, int> CountsByType);
