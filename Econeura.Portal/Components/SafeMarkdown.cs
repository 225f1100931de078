using System.Net;
using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Econeura.Portal.Components;

/// <summary>
/// Agents' answers as HTML that cannot harm the reader: raw HTML in the text is shown as text (so no script, no markup of
/// the agent's own), links go only to web and mail addresses and open in a new tab without handing over this page,
/// images are not loaded (a link with their description instead: a remote image would tell its server who read the answer),
/// and each code block gets a copy button.
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseGridTables().UseAutoLinks().UseEmphasisExtras().UseTaskLists().UseListExtras()
        .DisableHtml()
        .Build();

    /// <param name="copyLabel">The copy button's words, in the reader's language.</param>
    public static string ToHtml(string markdown, string copyLabel)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            link.IsImage = false;
            if (!IsSafe(link.Url)) link.Url = "#";
            OpensApart(link.GetAttributes());
        }
        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!IsSafe(link.Url)) link.Url = "#";
            OpensApart(link.GetAttributes());
        }
        var html = document.ToHtml(Pipeline);
        // With raw HTML disabled every <pre> here is Markdig's own: the agent's text cannot make one.
        var label = WebUtility.HtmlEncode(copyLabel);
        return html.Replace("<pre>", $"<div class=\"md-code\"><button type=\"button\" class=\"md-copy\">{label}</button><pre>", StringComparison.Ordinal)
            .Replace("</pre>", "</pre></div>", StringComparison.Ordinal);
    }

    private static void OpensApart(HtmlAttributes attributes)
    {
        attributes.AddPropertyIfNotExist("target", "_blank");
        attributes.AddPropertyIfNotExist("rel", "noopener noreferrer");
    }

    /// <summary>Web and mail addresses, and places on this page; never <c>javascript:</c>, <c>data:</c> or the like.</summary>
    private static bool IsSafe(string? url) =>
        url is { Length: > 0 } && (url.StartsWith('#')
                                   || (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" or "mailto"));
}
