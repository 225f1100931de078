using System.Globalization;
using System.Text;

namespace Econeura.Portal.Infrastructure.LiveUpdates;

public enum AnswerNoticeKind
{
    /// <summary>A piece of an answer, at its offset in the whole text.</summary>
    Text,

    /// <summary>A process missed pieces: the caller's process sends the whole text again.</summary>
    CatchUp,

    /// <summary>Someone stopped the call; the text says who.</summary>
    Stop,

    /// <summary>The outcome is recorded: the text so far can be forgotten.</summary>
    End,
}

/// <summary>
/// One notification on <see cref="AnswerRelay.Channel"/>: <c>kind|node|execution|offset|tenant</c>, a line break, then the
/// text. A long piece is cut into several notifications, each under PostgreSQL's 8,000-byte payload limit.
/// </summary>
public sealed record AnswerNotice(AnswerNoticeKind Kind, string Node, string TenantId, Guid ExecutionId, int Offset, string Text)
{
    /// <summary>Room for the text in one payload, leaving the header well inside the 8,000 bytes.</summary>
    public const int MaxTextBytes = 7_000;

    public static IEnumerable<string> Pieces(string node, string tenantId, Guid executionId, int offset, string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = start;
            var bytes = 0;
            while (end < text.Length)
            {
                // A surrogate pair is never cut in two.
                var length = char.IsHighSurrogate(text[end]) && end + 1 < text.Length ? 2 : 1;
                var size = Encoding.UTF8.GetByteCount(text.AsSpan(end, length));
                if (bytes + size > MaxTextBytes) break;
                bytes += size;
                end += length;
            }
            yield return Format(AnswerNoticeKind.Text, node, tenantId, executionId, offset + start, text[start..end]);
            start = end;
        }
    }

    public static string CatchUp(string node, string tenantId, Guid executionId) => Format(AnswerNoticeKind.CatchUp, node, tenantId, executionId, 0, "");

    public static string Stop(string node, string tenantId, Guid executionId, string stoppedBy) =>
        Format(AnswerNoticeKind.Stop, node, tenantId, executionId, 0, stoppedBy.Length > 200 ? stoppedBy[..200] : stoppedBy);

    public static string End(string node, string tenantId, Guid executionId) => Format(AnswerNoticeKind.End, node, tenantId, executionId, 0, "");

    private static string Format(AnswerNoticeKind kind, string node, string tenantId, Guid executionId, int offset, string text) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)kind}|{node}|{executionId:N}|{offset}|{tenantId}\n{text}");

    public static bool TryParse(string payload, out AnswerNotice notice)
    {
        notice = default!;
        var lineEnd = payload.IndexOf('\n');
        if (lineEnd < 0) return false;
        var header = payload[..lineEnd].Split('|', 5);
        if (header.Length != 5
            || !int.TryParse(header[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kind) || !Enum.IsDefined((AnswerNoticeKind)kind)
            || !Guid.TryParseExact(header[2], "N", out var executionId)
            || !int.TryParse(header[3], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || header[4].Length == 0)
            return false;
        notice = new AnswerNotice((AnswerNoticeKind)kind, header[1], header[4], executionId, offset, payload[(lineEnd + 1)..]);
        return true;
    }
}
