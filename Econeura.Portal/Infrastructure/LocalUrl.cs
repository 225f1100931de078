namespace Econeura.Portal.Infrastructure;

/// <summary>The one check of a return address taken from a request: a path on this site, or the home page.</summary>
public static class LocalUrl
{
    /// <summary>
    /// A path on this site, or "/" for anything else: another host (<c>//x</c>, <c>/\x</c>), a backslash anywhere (browsers
    /// read it as a slash), or a control character (tab, CR/LF), which a redirect header cannot carry.
    /// </summary>
    public static string OrRoot(string? url) =>
        url is { Length: > 0 and <= 2048 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.Any(c => c == '\\' || char.IsControl(c))
            ? url
            : "/";
}
