using System.Globalization;
using System.Text;

namespace Econeura.Portal.Infrastructure;

/// <summary>What people type in a search box, matched without regard to case or accents: "tesoreria" finds "Tesorería".</summary>
public static class SearchText
{
    /// <summary>The longest search taken: a pasted document is no search, and each word is one more condition on every row.</summary>
    public const int MaxLength = 200;

    public static bool IsTooLong(string? query) => query?.Trim().Length > MaxLength;

    /// <summary>True when every word of <paramref name="query"/> appears in one of <paramref name="texts"/>; an empty query matches everything.</summary>
    public static bool Matches(string? query, IEnumerable<string> texts)
    {
        var words = Words(query).Select(Fold).ToList();
        if (words.Count == 0) return true;
        var folded = texts.Select(Fold).ToList();
        return words.All(word => folded.Any(text => text.Contains(word, StringComparison.Ordinal)));
    }

    /// <summary>
    /// The words of a query. Control characters and halves of a character (which an edited address can carry, and which
    /// neither PostgreSQL nor Unicode normalisation take) separate words like spaces do, so any query can be searched.
    /// </summary>
    public static IReadOnlyList<string> Words(string? query)
    {
        if (string.IsNullOrWhiteSpace(query)) return [];
        var cleaned = new StringBuilder(query.Length);
        for (var i = 0; i < query.Length; i++)
        {
            var character = query[i];
            if (char.IsHighSurrogate(character) && i + 1 < query.Length && char.IsLowSurrogate(query[i + 1])) cleaned.Append(character).Append(query[++i]);
            else cleaned.Append(char.IsSurrogate(character) || char.IsControl(character) || char.IsWhiteSpace(character) ? ' ' : character);
        }
        return cleaned.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Lower case without diacritics ("Ñandú" → "nandu").</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var character in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(character) != UnicodeCategory.NonSpacingMark)
                builder.Append(char.ToLowerInvariant(character));
        return builder.ToString();
    }
}
