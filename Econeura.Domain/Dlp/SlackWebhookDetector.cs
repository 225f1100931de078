namespace Econeura.Domain.Dlp;

/// <summary>
/// Slack incoming webhook: the whole URL "https://hooks.slack.com/services/T…/B…/secret" (or /workflows/…) is the
/// credential, so the whole URL (scheme included when present) is reported.
/// </summary>
internal static class SlackWebhookDetector
{
    private const string Host = "hooks.slack.com/";
    private const int MinSecretLength = 16;

    public static int Process(ScanContext context, int anchor)
    {
        string text = context.Text;
        int pathStart = anchor + Host.Length;
        var path = text.AsSpan(pathStart);
        int kindLength = path.StartsWith("services/") ? "services/".Length : path.StartsWith("workflows/") ? "workflows/".Length : 0;
        if (kindLength == 0) return pathStart;
        int i = pathStart + kindLength;
        int segments = 0, lastSegmentLength = 0, segmentStart = i;
        while (i <= text.Length)
        {
            char character = i < text.Length ? text[i] : ' ';
            if (Chars.IsAsciiAlnum(character) || character is '_' or '-') { i++; continue; }
            if (i > segmentStart) { segments++; lastSegmentLength = i - segmentStart; }
            if (character == '/' && i + 1 < text.Length && Chars.IsAsciiAlnum(text[i + 1])) { i++; segmentStart = i; continue; }
            break;
        }
        int end = Math.Min(i, text.Length);
        if (segments < 3 || lastSegmentLength < MinSecretLength
            || Placeholders.IsPlaceholder(text.AsSpan(end - lastSegmentLength, lastSegmentLength)))
            return end;
        int start = anchor;
        if (anchor >= 8 && text.AsSpan(anchor - 8, 8).Equals("https://", StringComparison.OrdinalIgnoreCase)) start = anchor - 8;
        else if (anchor >= 7 && text.AsSpan(anchor - 7, 7).Equals("http://", StringComparison.OrdinalIgnoreCase)) start = anchor - 7;
        context.Add(EntityType.SECRET, start, end - start, Scores.SlackWebhook);
        return end;
    }
}
