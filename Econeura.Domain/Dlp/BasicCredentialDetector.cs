using System.Buffers;
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
    private static readonly SearchValues<char> Base64Chars = SearchValues.Create(Chars.AsciiAlnum + "+/=");

    public static int Process(ScanContext context, int anchor)
    {
        string text = context.Text;
        // one character more than the longest token: a longer one is read as too long, not cut to length
        if (!AuthorizationToken.TryRead(text, anchor, "Basic ", Base64Chars, MaxTokenLength + 1, out int tokenStart, out int end)) return anchor + 1;
        int length = end - tokenStart;
        if (length < MinTokenLength || length > MaxTokenLength || length % 4 != 0) return tokenStart;
        if (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or '-')) return end;
        if (!IsUserAndPassword(text.AsSpan(tokenStart, length))) return end;
        context.Add(EntityType.SECRET, tokenStart, length, Scores.BasicCredential);
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
        foreach (char character in decoded[..colon])
            if (char.IsWhiteSpace(character) || char.IsControl(character)) return false;
        var password = decoded[(colon + 1)..];
        foreach (char character in password)
            if (char.IsControl(character)) return false;
        return !Placeholders.IsPlaceholder(password);
    }
}
