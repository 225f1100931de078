using System.Buffers;
using System.Globalization;

namespace Econeura.Domain.Dlp;

/// <summary>
/// The text the detectors read, and the way back to the original. A value is hidden from a plain scan by characters a reader
/// does not see or reads as ASCII: format characters (category Cf: zero-width space and joiners, soft hyphen, word joiner,
/// BOM, bidi marks, tag characters) and variation selectors are removed; fullwidth ASCII, the small '@' and typographic
/// spaces are folded to ASCII, one character to one. Every scanned position keeps the original one it came from, so a
/// finding covers the original span including whatever was removed inside it. Text with none of these characters (nearly
/// all of it) is scanned as it is: vectorised searches, no copy.
/// </summary>
internal readonly struct NormalizedText
{
    private const char SoftHyphen = '\u00AD', FirstAboveSoftHyphen = '\u0600';
    private const int FullwidthFirst = '\uFF01', FullwidthLast = '\uFF5E', FullwidthOffset = FullwidthFirst - '!';

    private static readonly SearchValues<char> NeedsNormalizing = SearchValues.Create(CharactersToNormalize());

    /// <summary>The text to scan: the original itself when nothing needed normalising.</summary>
    public string Text { get; }

    // _origins[i] is the index in the original text of Text[i]; null when Text is the original.
    private readonly int[]? _origins;

    private NormalizedText(string text, int[]? origins)
    {
        Text = text;
        _origins = origins;
    }

    public static NormalizedText Of(string original)
    {
        int first = IndexOfCharacterToNormalize(original);
        if (first < 0) return new NormalizedText(original, null);

        ReadOnlySpan<char> source = original;
        char[] buffer = ArrayPool<char>.Shared.Rent(original.Length);
        var origins = new int[original.Length];
        source[..first].CopyTo(buffer);
        for (int k = 0; k < first; k++) origins[k] = k;
        int length = first;
        try
        {
            for (int i = first; i < source.Length;)
            {
                char c = source[i];
                if (c < SoftHyphen || !NeedsNormalizing.Contains(c))
                {
                    buffer[length] = c;
                    origins[length++] = i++;
                    continue;
                }
                int width = char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]) ? 2 : 1;
                int codePoint = width == 2 ? char.ConvertToUtf32(c, source[i + 1]) : c;
                if (!IsInvisible(codePoint))
                {
                    for (int k = 0; k < width; k++)
                    {
                        buffer[length] = width == 1 ? Fold(c) : source[i + k];
                        origins[length++] = i + k;
                    }
                }
                i += width;
            }
            return new NormalizedText(new string(buffer, 0, length), origins);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The soft hyphen is the only character to normalise below U+0600, so a vectorised range search skips Latin, Greek and
    /// Cyrillic text whole and stops only at the rarer characters above (quotes, dashes, emoji...), which the set decides.
    /// A single search over the set stops at every accented letter and took as long as the scan itself.
    /// </summary>
    private static int IndexOfCharacterToNormalize(ReadOnlySpan<char> text)
    {
        int softHyphen = text.IndexOf(SoftHyphen);
        if (softHyphen >= 0) text = text[..softHyphen];
        int pos = 0;
        while (true)
        {
            int found = text[pos..].IndexOfAnyInRange(FirstAboveSoftHyphen, char.MaxValue);
            if (found < 0) return softHyphen;
            pos += found;
            if (NeedsNormalizing.Contains(text[pos])) return pos;
            pos++;
        }
    }

    /// <summary>The value as the detectors read it: for numbering, hashing and masking a value found in the original text.</summary>
    public static string Fold(string value) => Of(value).Text;

    /// <summary>Findings over <see cref="Text"/> moved to the original text, in place.</summary>
    public List<Finding> ToOriginal(List<Finding> findings)
    {
        if (_origins is null) return findings;
        for (int k = 0; k < findings.Count; k++)
        {
            var f = findings[k];
            int start = _origins[f.Start];
            int end = _origins[f.End - 1] + 1;
            findings[k] = f with { Start = start, Length = end - start };
        }
        return findings;
    }

    private static bool IsInvisible(int codePoint) =>
        CharUnicodeInfo.GetUnicodeCategory(codePoint) == UnicodeCategory.Format
        || codePoint is >= 0xFE00 and <= 0xFE0F or >= 0xE0100 and <= 0xE01EF; // variation selectors

    private static char Fold(char c) => c switch
    {
        >= (char)FullwidthFirst and <= (char)FullwidthLast => (char)(c - FullwidthOffset),
        '\uFE6B' => '@', // small commercial at
        _ when char.IsWhiteSpace(c) => ' ', // the ideographic, thin, narrow no-break... spaces in the set
        _ => c,
    };

    private static string CharactersToNormalize()
    {
        var set = new System.Text.StringBuilder().Append(SoftHyphen);
        for (int c = FirstAboveSoftHyphen; c <= char.MaxValue; c++)
        {
            bool typographicSpace = c is 0x1680 or >= 0x2000 and <= 0x200A or 0x202F or 0x205F or 0x3000;
            if (c is >= 0xD800 and <= 0xDFFF ? HasInvisibleCharacter(c) : IsInvisible(c) || typographicSpace
                || c is >= FullwidthFirst and <= FullwidthLast or 0xFE6B)
                set.Append((char)c);
        }
        return set.ToString();
    }

    /// <summary>Whether one of the 1,024 code points behind high surrogate <paramref name="c"/> is invisible (tags, ...).</summary>
    private static bool HasInvisibleCharacter(int c)
    {
        if (c > 0xDBFF) return false;
        int first = 0x10000 + ((c - 0xD800) << 10);
        for (int codePoint = first; codePoint < first + 0x400; codePoint++)
            if (IsInvisible(codePoint)) return true;
        return false;
    }
}
