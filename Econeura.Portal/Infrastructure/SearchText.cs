using System.Globalization;
using System.Text;

namespace Econeura.Portal.Infrastructure;

/// <summary>What people type in a search box, matched without regard to case or accents: "tesoreria" finds "Tesorería".</summary>
public static class SearchText
{
    /// <summary>True when every word of <paramref name="query"/> appears in one of <paramref name="texts"/>; an empty query matches everything.</summary>
    public static bool Matches(string? query, IEnumerable<string> texts)
    {
        var words = Fold(query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0) return true;
        var folded = texts.Select(Fold).ToList();
        return words.All(word => folded.Any(text => text.Contains(word, StringComparison.Ordinal)));
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
