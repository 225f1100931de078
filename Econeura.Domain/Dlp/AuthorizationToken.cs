using System.Buffers;

namespace Econeura.Domain.Dlp;

/// <summary>The token after an HTTP authorization scheme word ("Bearer …", "Basic …"), read the same way for every scheme.</summary>
internal static class AuthorizationToken
{
    /// <summary>
    /// False when the scheme word at <paramref name="anchor"/> is the tail of a longer word. Otherwise the token starts
    /// after the scheme word and runs over <paramref name="tokenChars"/>, reading at most <paramref name="readAtMost"/> of them.
    /// </summary>
    public static bool TryRead(string text, int anchor, string scheme, SearchValues<char> tokenChars, int readAtMost, out int start, out int end)
    {
        start = end = anchor + scheme.Length;
        if (anchor > 0 && char.IsLetterOrDigit(text[anchor - 1])) return false;
        var candidate = text.AsSpan(start, Math.Min(text.Length - start, readAtMost));
        int stop = candidate.IndexOfAnyExcept(tokenChars);
        end = start + (stop < 0 ? candidate.Length : stop);
        return true;
    }
}
