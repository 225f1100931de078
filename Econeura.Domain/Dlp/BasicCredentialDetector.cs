using System.Text;
using System.Text.Unicode;

namespace Econeura.Domain.Dlp;

/// <summary>
/// HTTP Basic credentials ("Authorization: Basic …", "Proxy-Authorization: basic …"): the base64 token is reported
/// when it decodes to "user:password" (printable, a user without spaces, a password that is not a placeholder).
/// </summary>
internal static class BasicCredentialDetector
{
    private const int MinTokenLength = 8;
    private const int MaxTokenLength = 1024;

    public static int Process(ScanContext ctx, int anchor)
    {
        string text = ctx.Text;
        if (anchor > 0 && char.IsLetterOrDigit(text[anchor - 1])) return anchor + 1;
        int tokenStart = anchor + "Basic ".Length;
        int end = tokenStart;
        while (end < text.Length && end - tokenStart <= MaxTokenLength && (Chars.IsAsciiAlnum(text[end]) || text[end] is '+' or '/' or '=')) end++;
        int length = end - tokenStart;
        if (length < MinTokenLength || length > MaxTokenLength || length % 4 != 0) return tokenStart;
        if (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or '-')) return end;
        if (!IsUserAndPassword(text.AsSpan(tokenStart, length))) return end;
        ctx.Add(EntityType.SECRET, tokenStart, length, Scores.BasicCredential);
        return end;
    }

    private static bool IsUserAndPassword(ReadOnlySpan<char> base64)
    {
        Span<byte> bytes = stackalloc byte[base64.Length];
        if (!Convert.TryFromBase64Chars(base64, bytes, out int written) || !Utf8.IsValid(bytes[..written])) return false;
        Span<char> decoded = stackalloc char[written];
        if (!Encoding.UTF8.TryGetChars(bytes[..written], decoded, out int chars)) return false;
        decoded = decoded[..chars];
        int colon = decoded.IndexOf(':');
        if (colon <= 0 || colon == decoded.Length - 1) return false;
        foreach (char c in decoded[..colon])
            if (char.IsWhiteSpace(c) || char.IsControl(c)) return false;
        var password = decoded[(colon + 1)..];
        foreach (char c in password)
            if (char.IsControl(c)) return false;
        return !Placeholders.IsPlaceholder(password);
    }
}
