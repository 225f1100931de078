using System.Net;

namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// MudBlazor 9's axis charts write each label into the SVG as markup (a MarkupString built from the text), so an agent's
/// name such as <c>&lt;a href=…&gt;</c> became a working link. Every label handed to a chart passes here, once: the
/// browser decodes it back, and the reader sees the name as it was typed.
/// </summary>
public static class ChartLabels
{
    public static string[] Encoded(IEnumerable<string> labels) => labels.Select(label => WebUtility.HtmlEncode(label)).ToArray();
}
