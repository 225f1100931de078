using System.Net;
using System.Net.Sockets;

namespace Econeura.Domain.Dlp;

/// <summary>
/// IPv6 at a ':' anchor: the surrounding run of hex digits, ':' and '.' (so "::ffff:10.0.0.7" is one address), with at
/// least one digit and either "::" or 6+ colons, not glued to a word, and accepted by <see cref="IPAddress.TryParse(ReadOnlySpan{char}, out IPAddress?)"/>.
/// </summary>
internal static class Ipv6Detector
{
    private const int MaxAddressLength = 45;

    private static bool IsAddressChar(char character) => Chars.IsHex(character) || character == ':' || character == '.';

    /// <summary>Handles the ':' at <paramref name="colon"/>; returns where scanning goes on.</summary>
    public static int Process(ScanContext context, int colon)
    {
        string text = context.Text;
        int length = text.Length;
        bool nextOk = colon + 1 < length && (text[colon + 1] == ':' || Chars.IsHex(text[colon + 1]));
        bool previousOk = colon > 0 && (text[colon - 1] == ':' || Chars.IsHex(text[colon - 1]));
        if (!nextOk || (!previousOk && !(colon + 1 < length && text[colon + 1] == ':'))) return colon + 1;
        int start = colon;
        while (start > 0 && colon - start < MaxAddressLength && IsAddressChar(text[start - 1])) start--;
        int end = colon + 1;
        while (end < length && end - start < MaxAddressLength + 1 && IsAddressChar(text[end])) end++;
        while (end > colon + 1 && text[end - 1] == '.') end--;
        if (end > colon + 1 && text[end - 1] == ':' && text[end - 2] != ':') end--;
        while (start < colon && text[start] == '.') start++;
        if (start > 0 && (Chars.IsWordChar(text[start - 1]) || text[start - 1] is '.' or ':')) return colon + 1;
        if (end < length && (Chars.IsWordChar(text[end]) || text[end] is ':')) return colon + 1;
        var candidate = text.AsSpan(start, end - start);
        if (!LooksLikeIpv6(candidate)) return colon + 1;
        if (IPAddress.TryParse(candidate, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            context.Add(EntityType.IP_ADDRESS, start, end - start, Scores.IpAddress);
            return end;
        }
        return colon + 1;
    }

    private static bool LooksLikeIpv6(ReadOnlySpan<char> candidate)
    {
        int colons = 0;
        bool digit = false, doubleColon = false;
        for (int i = 0; i < candidate.Length; i++)
        {
            char character = candidate[i];
            if (character == ':')
            {
                colons++;
                if (i > 0 && candidate[i - 1] == ':') doubleColon = true;
            }
            else if (Chars.IsDigit(character)) digit = true;
        }
        return colons >= 2 && digit && (doubleColon || colons >= 6);
    }
}
