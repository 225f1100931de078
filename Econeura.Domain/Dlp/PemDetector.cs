namespace Econeura.Domain.Dlp;

/// <summary>
/// PEM private keys: the whole "-----BEGIN … PRIVATE KEY-----" … "-----END …-----" block (also with JSON "\n" escapes);
/// a truncated block takes the base64 lines that follow. Certificates and public keys are not secrets.
/// </summary>
internal static class PemDetector
{
    private const string Begin = "-----BEGIN";
    private const string Dashes = "-----";
    private const int MaxLabelLength = 80;
    private const int MaxBodyLength = 64 * 1024;

    public static int Process(ScanContext context, int anchor)
    {
        string text = context.Text;
        int labelStart = anchor + Begin.Length;
        if (labelStart >= text.Length || text[labelStart] != ' ') return labelStart;
        int labelEnd = text.IndexOf(Dashes, labelStart, Math.Min(text.Length - labelStart, MaxLabelLength), StringComparison.Ordinal);
        if (labelEnd < 0) return labelStart;
        var label = text.AsSpan(labelStart + 1, labelEnd - labelStart - 1);
        if (!label.EndsWith("PRIVATE KEY", StringComparison.Ordinal) && !label.SequenceEqual("PGP PRIVATE KEY BLOCK")) return labelEnd + Dashes.Length;
        int bodyStart = labelEnd + Dashes.Length;
        int endMarker = text.IndexOf("-----END ", bodyStart, Math.Min(text.Length - bodyStart, MaxBodyLength), StringComparison.Ordinal);
        int end = endMarker >= 0 ? EndOfEndMarker(text, endMarker) : EndOfTruncatedBody(text, bodyStart);
        context.Add(EntityType.SECRET, anchor, end - anchor, Scores.PrivateKeyBlock);
        return end;
    }

    private static int EndOfEndMarker(string text, int endMarker)
    {
        int labelStart = endMarker + "-----END ".Length;
        int close = text.IndexOf(Dashes, labelStart, Math.Min(text.Length - labelStart, MaxLabelLength), StringComparison.Ordinal);
        return close >= 0 ? close + Dashes.Length : labelStart;
    }

    private static int EndOfTruncatedBody(string text, int bodyStart)
    {
        int end = bodyStart;
        for (int i = bodyStart;
             i < text.Length && (Chars.IsAsciiAlnum(text[i]) || text[i] is '+' or '/' or '=' or '\n' or '\r' or ' ' or ':' or ',' or '-');
             i++)
            if (!char.IsWhiteSpace(text[i])) end = i + 1;
        return end;
    }
}
