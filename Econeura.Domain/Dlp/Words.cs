namespace Econeura.Domain.Dlp;

/// <summary>Small readers shared by the phrase detectors.</summary>
internal static class Words
{
    /// <summary>True when <paramref name="word"/> (any case) starts at <paramref name="at"/> and no letter or digit follows it.</summary>
    public static bool IsAt(string text, int at, string word) =>
        text.AsSpan(at).StartsWith(word, StringComparison.OrdinalIgnoreCase)
        && (at + word.Length >= text.Length || !char.IsLetterOrDigit(text[at + word.Length]));

    /// <summary>Skips spaces and tabs (not line breaks).</summary>
    public static int SkipBlanks(string text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        return i;
    }

    /// <summary>The end of the line that contains <paramref name="i"/>, or <paramref name="i"/> + <paramref name="maxLength"/>.</summary>
    public static int LineEnd(string text, int i, int maxLength)
    {
        int limit = Math.Min(text.Length, i + maxLength);
        int newline = text.AsSpan(i, limit - i).IndexOfAny('\n', '\r');
        return newline < 0 ? limit : i + newline;
    }
}
