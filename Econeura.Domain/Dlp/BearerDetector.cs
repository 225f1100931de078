using System.Buffers;

namespace Econeura.Domain.Dlp;

/// <summary>"Bearer &lt;token&gt;": the token (16+ characters with a digit), which the JWT detector may also see.</summary>
internal static class BearerDetector
{
    private const int MinTokenLength = 16;
    private static readonly SearchValues<char> TokenChars = SearchValues.Create(Chars.AsciiAlnum + "-_.~+/=");

    public static int Process(ScanContext context, int anchor)
    {
        string text = context.Text;
        if (!AuthorizationToken.TryRead(text, anchor, "Bearer ", TokenChars, int.MaxValue, out int tokenStart, out int end)) return anchor + 1;
        while (end > tokenStart && text[end - 1] == '.') end--;
        var token = text.AsSpan(tokenStart, end - tokenStart);
        if (token.Length < MinTokenLength || !token.ContainsAnyInRange('0', '9') || Placeholders.IsPlaceholder(token)) return tokenStart;
        context.Add(EntityType.SECRET, tokenStart, token.Length, Scores.BearerToken);
        return tokenStart; // let the JWT detector see the token too
    }
}
