using Econeura.Domain.Dlp;

namespace Econeura.Portal.Features.Dlp;

/// <summary>One piece of a redacted text: plain text, or a placeholder of an entity type.</summary>
public sealed record RedactedSegment(string Text, EntityType? Type);

public static class RedactedSegments
{
    /// <summary>The text cut at the placeholders the redactor reported; cut short (with "…") at <paramref name="maxLength"/> for lists.</summary>
    public static IEnumerable<RedactedSegment> Of(string text, IReadOnlyList<Replacement> placeholders, int? maxLength = null)
    {
        var limit = Math.Min(text.Length, maxLength ?? int.MaxValue);
        var position = 0;
        foreach (var placeholder in placeholders.Where(p => p.Start >= 0 && p.End <= text.Length).OrderBy(p => p.Start))
        {
            if (placeholder.Start >= limit) break;
            if (placeholder.Start > position) yield return new RedactedSegment(text[position..placeholder.Start], null);
            yield return new RedactedSegment(text[placeholder.Start..placeholder.End], placeholder.Type);
            position = placeholder.End;
        }
        if (position < limit) yield return new RedactedSegment(text[position..limit], null);
        if (limit < text.Length) yield return new RedactedSegment("…", null);
    }
}
