using Bunit;
using Econeura.Portal.Features.Search;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Search;

/// <summary>The results page and the list's text column, as Ana reads them in Spanish.</summary>
public sealed class SearchPageTests(FindFixture fixture) : PortalComponentTest<FindFixture>(fixture, "ana", "es-ES")
{
    private IRenderedComponent<SearchPage> SearchFor(string query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/search?q={Uri.EscapeDataString(query)}");
        return Render<SearchPage>();
    }

    [Fact]
    public void Words_of_a_runs_text_find_it_with_its_first_line_and_status_linked_to_it()
    {
        var page = SearchFor("factura 4711");

        page.WaitForAssertion(() => Assert.Equal("Resultados para «factura 4711»: 1.", page.Find("[data-testid=find-summary]").TextContent.Trim()));
        var runs = page.Find("[data-testid=find-runs]");
        Assert.Equal("Ejecuciones (1)", runs.QuerySelector("h2")!.TextContent.Trim());
        var hit = Assert.Single(runs.QuerySelectorAll("[data-testid=find-hit]"));
        Assert.Equal($"/executions/{Fixture.AnasEmailRun}", hit.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("NEURA Analytics", hit.QuerySelector("a")!.TextContent);
        Assert.Equal("Completada", hit.QuerySelector(".find-hit-label")!.TextContent);
        Assert.Equal("Escribe a <EMAIL_1> sobre la factura 4711…", hit.QuerySelector(".find-hit-detail")!.TextContent);
        Assert.EndsWith("/executions?q=factura%204711", runs.QuerySelector("[data-testid=find-runs-all]")!.GetAttribute("href"));
    }

    [Fact]
    public void An_email_address_that_was_redacted_finds_nothing_and_the_page_says_so()
    {
        var page = SearchFor(FindFixture.RawEmail);

        page.WaitForAssertion(() =>
            Assert.Equal($"Nada coincide con «{FindFixture.RawEmail}».", page.Find("[data-testid=find-summary]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=find-hit]"));
    }

    [Fact]
    public void A_search_too_long_is_refused_with_the_limit_and_reads_nothing()
    {
        var page = SearchFor(new string('x', SearchText.MaxLength + 1));

        Assert.Equal("Una búsqueda tiene como máximo 200 caracteres: acórtela.", page.Find("[data-testid=find-too-long]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=find-summary]"));
    }

    [Fact]
    public void The_executions_list_shows_the_first_line_of_each_runs_redacted_text_with_its_placeholders_marked()
    {
        var page = Render<ExecutionListPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-testid=execution-row-{Fixture.AnasEmailRun}]")));
        var text = page.Find($"[data-testid=execution-row-{Fixture.AnasEmailRun}] [data-testid=execution-text]");
        Assert.Equal("Escribe a <EMAIL_1> sobre la factura 4711…", text.TextContent.Trim());
        Assert.Equal("EMAIL", text.QuerySelector("[data-testid=dlp-placeholder]")!.GetAttribute("data-type"));
        Assert.Equal("Texto", page.FindAll("thead th")[1].TextContent.Trim());
    }
}
