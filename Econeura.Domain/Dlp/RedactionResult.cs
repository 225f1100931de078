namespace Econeura.Domain.Dlp;

/// <summary>
/// Redacted text plus the findings that were applied. Finding offsets refer to the ORIGINAL (unredacted) text, not to
/// <see cref="Redacted"/>; <see cref="Replacements"/> say where each finding's replacement sits in <see cref="Redacted"/>.
/// </summary>
public sealed record RedactionResult(
    string Redacted,
    IReadOnlyList<Finding> Findings,
    IReadOnlyDictionary<EntityType, int> CountsByType,
    IReadOnlyList<Replacement> Replacements);
