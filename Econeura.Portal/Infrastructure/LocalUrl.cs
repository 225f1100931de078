using System.Text;
using Econeura.Domain.Common;

namespace Econeura.Portal.Infrastructure;

/// <summary>The one check of a return address taken from a request: a path on this site, or the home page.</summary>
public static class LocalUrl
{
    public const int MaxLength = 2048;

    /// <summary>
    /// A path on this site, or "/" for anything else: another host (<c>//x</c>, <c>/\x</c>), a backslash anywhere (browsers
    /// read it as a slash), a control character (tab, CR/LF) or a broken surrogate. A redirect header carries ASCII only, so
    /// other characters ("/ñ", a right-to-left mark) are percent-encoded as UTF-8, which is how the browser asked for them.
    /// </summary>
    public static string OrRoot(string? url) =>
        url is { Length: > 0 and <= MaxLength } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.Any(c => c == '\\' || char.IsControl(c)) && StorableText.IsStorable(url)
            ? AsciiOnly(url)
            : "/";

    private static string AsciiOnly(string url)
    {
        if (url.All(char.IsAscii)) return url;
        var ascii = new StringBuilder(url.Length * 3);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                ascii.Append((char)rune.Value);
                continue;
            }
            foreach (var b in utf8[..rune.EncodeToUtf8(utf8)]) ascii.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return ascii.ToString();
    }
}
