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
                char character = source[i];
                if (character < SoftHyphen || !NeedsNormalizing.Contains(character))
                {
                    buffer[length] = character;
                    origins[length++] = i++;
                    continue;
                }
                int width = char.IsHighSurrogate(character) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]) ? 2 : 1;
                int codePoint = width == 2 ? char.ConvertToUtf32(character, source[i + 1]) : character;
                if (!IsInvisible(codePoint))
                {
                    for (int k = 0; k < width; k++)
                    {
                        buffer[length] = width == 1 ? Fold(character) : source[i + k];
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
        int position = 0;
        while (true)
        {
            int found = text[position..].IndexOfAnyInRange(FirstAboveSoftHyphen, char.MaxValue);
            if (found < 0) return softHyphen;
            position += found;
            if (NeedsNormalizing.Contains(text[position])) return position;
            position++;
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
            var finding = findings[k];
            int start = _origins[finding.Start];
            int end = _origins[finding.End - 1] + 1;
            findings[k] = finding with { Start = start, Length = end - start };
        }
        return findings;
    }

    private static bool IsInvisible(int codePoint) =>
        CharUnicodeInfo.GetUnicodeCategory(codePoint) == UnicodeCategory.Format
        || codePoint is >= 0xFE00 and <= 0xFE0F or >= 0xE0100 and <= 0xE01EF; // variation selectors

    private static char Fold(char character) => character switch
    {
        >= (char)FullwidthFirst and <= (char)FullwidthLast => (char)(character - FullwidthOffset),
        '\uFE6B' => '@', // small commercial at
        _ when char.IsWhiteSpace(character) => ' ', // the ideographic, thin, narrow no-break... spaces in the set
        _ => character,
    };

    private static string CharactersToNormalize()
    {
        var characters = new System.Text.StringBuilder().Append(SoftHyphen);
        for (int character = FirstAboveSoftHyphen; character <= char.MaxValue; character++)
        {
            bool typographicSpace = character is 0x1680 or >= 0x2000 and <= 0x200A or 0x202F or 0x205F or 0x3000;
            if (character is >= 0xD800 and <= 0xDFFF ? HasInvisibleCharacter(character) : IsInvisible(character) || typographicSpace
                || character is >= FullwidthFirst and <= FullwidthLast or 0xFE6B)
                characters.Append((char)character);
        }
        return characters.ToString();
    }

    /// <summary>Whether one of the 1,024 code points behind high surrogate <paramref name="character"/> is invisible (tags, ...).</summary>
    private static bool HasInvisibleCharacter(int character)
    {
        if (character > 0xDBFF) return false;
        int first = 0x10000 + ((character - 0xD800) << 10);
        for (int codePoint = first; codePoint < first + 0x400; codePoint++)
            if (IsInvisible(codePoint)) return true;
        return false;
    }
}
