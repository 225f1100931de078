using System.Text;

namespace Econeura.Domain.Dlp;

/// <summary>
/// JSON Web Tokens: three base64url segments (the last may be empty: an unsigned token ends with '.') whose header
/// decodes to a JSON object with an "alg" member.
/// </summary>
internal static class JwtDetector
{
    private static readonly (int Min, int Max) HeaderLength = (10, 1024);

    public static int Process(ScanContext context, int anchor)
    {
        string text = context.Text;
        int i = anchor;
        int headerEnd = 0;
        for (int segment = 0; segment < 3; segment++)
        {
            int segmentStart = i;
            while (i < text.Length && Chars.IsBase64Url(text[i])) i++;
            if (segment == 0) headerEnd = i;
            int length = i - segmentStart;
            if (segment == 0 && length < HeaderLength.Min) return i;
            if (segment == 1 && length < 2) return i;
            if (segment < 2)
            {
                if (i >= text.Length || text[i] != '.') return i;
                i++;
            }
        }
        if (i < text.Length && (Chars.IsBase64Url(text[i]) || (text[i] == '.' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1])))) return i;
        if (!HeaderHasAlg(text.AsSpan(anchor, headerEnd - anchor))) return i;
        context.Add(EntityType.SECRET, anchor, i - anchor, Scores.SignedJwt);
        return i;
    }

    private static bool HeaderHasAlg(ReadOnlySpan<char> base64Url)
    {
        if (base64Url.Length > HeaderLength.Max) return false;
        int padded = (base64Url.Length + 3) / 4 * 4;
        Span<char> base64 = stackalloc char[padded];
        for (int i = 0; i < padded; i++)
        {
            if (i >= base64Url.Length) base64[i] = '=';
            else base64[i] = base64Url[i] switch { '-' => '+', '_' => '/', var character => character };
        }
        Span<byte> bytes = stackalloc byte[padded];
        if (!Convert.TryFromBase64Chars(base64, bytes, out int written)) return false;
        var json = Encoding.UTF8.GetString(bytes[..written]);
        return json.TrimStart().StartsWith('{') && json.Contains("\"alg\"", StringComparison.Ordinal);
    }
}
