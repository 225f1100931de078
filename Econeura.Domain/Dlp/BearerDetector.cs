namespace Econeura.Domain.Dlp;

/// <summary>"Bearer &lt;token&gt;": the token (16+ characters with a digit), which the JWT detector may also see.</summary>
internal static class BearerDetector
{
    private const int MinTokenLength = 16;

    public static int Process(ScanContext ctx, int anchor)
    {
        string text = ctx.Text;
        if (anchor > 0 && char.IsLetterOrDigit(text[anchor - 1])) return anchor + 1;
        int tokenStart = anchor + "Bearer ".Length;
        int end = tokenStart;
        bool digit = false;
        while (end < text.Length && (Chars.IsAsciiAlnum(text[end]) || text[end] is '-' or '_' or '.' or '~' or '+' or '/' or '='))
        {
            if (Chars.IsDigit(text[end])) digit = true;
            end++;
        }
        while (end > tokenStart && text[end - 1] == '.') end--;
        if (end - tokenStart < MinTokenLength || !digit || Placeholders.IsPlaceholder(text.AsSpan(tokenStart, end - tokenStart))) return tokenStart;
        ctx.Add(EntityType.SECRET, tokenStart, end - tokenStart, Scores.BearerToken);
        return tokenStart; // let the JWT detector see the token too
    }
}
