using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Bunit;

namespace Econeura.Portal.Tests.Security;

/// <summary>
/// Text people type (an agent's name) reaches other people's pages as text, never as markup: the charts of the finance
/// page included, whose library writes its labels into the SVG as markup.
/// </summary>
public sealed class MarkupInjectionTests(PortalFixture fixture) : PortalComponentTest(fixture, "carmen", "en-GB")
{
    private const string HostileName = "<a href=\"//evil.example/login\">Sign in again</a> & <b>more</b>";

    [Fact]
    public void A_bar_chart_label_with_markup_shows_the_name_as_typed_and_makes_no_link()
    {
        var bars = Render<SpendBars>(p => p
            .Add(b => b.Title, "Spend by agent <i>x</i>")
            .Add(b => b.Lines, [new SpendLine("neura-4", "neura-4", 1.25m, 3)])
            .Add(b => b.LabelOf, _ => HostileName));

        Assert.Empty(bars.FindAll("a, b, i"));
        Assert.Contains(HostileName, bars.Find("svg").QuerySelectorAll("text").Select(t => t.TextContent));
    }

    [Fact]
    public async Task An_agent_named_with_a_link_is_shown_by_its_name_on_the_finance_page_and_no_link_leads_away()
    {
        var diego = await Fixture.Portal.ClientForAsync("diego");
        var agent = JsonNode.Parse(await diego.GetStringAsync("/api/v1/admin/agents"))!.AsArray()
            .Single(a => (string?)a!["agent"]!["id"] == "neura-4")!["agent"]!;
        agent["name"] = HostileName;
        foreach (var language in new[] { "en", "es" }) agent["wordings"]![language]!["name"] = HostileName;
        Assert.Equal(HttpStatusCode.OK, (await diego.PutAsJsonAsync("/api/v1/admin/agents/neura-4", agent)).StatusCode);
        var ana = PortalFixture.User("ana");
        var launched = Assert.IsType<LaunchResult.Launched>(await Fixture.Service<ExecutionLauncher>().LaunchAsync(ana, "neura-4", "Resume el trimestre"));
        await Eventually.Until(async () =>
        {
            await using var session = Fixture.Store.QuerySession(ana.TenantId);
            return (await session.LoadAsync<ExecutionView>(launched.ExecutionId))!;
        }, view => view.Status == ExecutionStatus.Completed, "neura-4 to complete");

        var finance = await Fixture.Portal.BrowserForAsync("carmen");
        var page = await new HtmlParser().ParseDocumentAsync(await finance.GetStringAsync("/finance"));

        var byAgent = page.QuerySelector("[data-testid=finance-by-agent]")!;
        Assert.Empty(page.QuerySelectorAll("a[href*='evil.example']"));
        Assert.Empty(byAgent.QuerySelectorAll("svg a, svg b"));
        Assert.Contains(HostileName, byAgent.QuerySelectorAll("svg text").Select(t => t.TextContent));
        Assert.Contains(page.QuerySelectorAll("[data-testid=finance-agent] option"), o => o.TextContent == HostileName);
    }
}
