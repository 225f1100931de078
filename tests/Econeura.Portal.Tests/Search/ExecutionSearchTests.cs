using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Econeura.Portal.Features.Search;

namespace Econeura.Portal.Tests.Search;

/// <summary>Runs are found by the words of their redacted text in and out, only by those who may see them.</summary>
public sealed class ExecutionSearchTests(FindFixture fixture) : IClassFixture<FindFixture>
{
    private static readonly AgentNames Spanish = new(AgentSeed.Load(), new CultureInfo("es-ES"));
    private static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");

    private async Task<IReadOnlyList<Guid>> FoundAsync(string persona, string search) =>
        [.. (await fixture.Service<ExecutionQueries>().PageAsync(PortalFixture.User(persona), new ExecutionListQuery { Search = search }, Spanish, Madrid))
            .Rows.Select(run => run.Id)];

    [Fact]
    public async Task A_person_finds_only_their_own_runs_an_admin_their_organisations_and_never_another_organisations()
    {
        Assert.Empty(await FoundAsync("ana", "lisboa"));
        Assert.Equal([fixture.BrunosTrip], await FoundAsync("bruno", "lisboa"));
        Assert.Equal([fixture.BrunosTrip], await FoundAsync("diego", "Lisboa"));
        Assert.Equal([fixture.ElenasTrip], await FoundAsync("fabio", "LISBOA"));
    }

    [Fact]
    public async Task A_raw_email_address_that_was_redacted_finds_nothing_while_the_rest_of_the_text_and_its_placeholder_do()
    {
        var run = await fixture.Service<ExecutionQueries>().FindAsync(PortalFixture.User("ana"), fixture.AnasEmailRun);
        Assert.StartsWith("Escribe a <EMAIL_1> sobre la factura 4711", run!.RedactedInput);

        foreach (var persona in new[] { "ana", "diego" })
        {
            Assert.Empty(await FoundAsync(persona, FindFixture.RawEmail));
            Assert.Empty(await FoundAsync(persona, "maria.lopez"));
            Assert.Equal([fixture.AnasEmailRun], await FoundAsync(persona, "factura 4711"));
            Assert.Equal([fixture.AnasEmailRun], await FoundAsync(persona, "<EMAIL_1> 4711"));
        }
    }

    [Fact]
    public async Task Words_of_the_agents_answer_find_the_run_too()
    {
        // Only the analytics answer speaks of seasonality; neither the input nor any agent's description does.
        Assert.Equal([fixture.AnasEmailRun], await FoundAsync("ana", "estacionalidad"));
    }

    [Fact]
    public async Task Wildcards_and_odd_characters_are_searched_as_typed_and_never_fail()
    {
        Assert.Equal([fixture.AnasPercentRun], await FoundAsync("ana", "100%"));
        Assert.Equal([fixture.AnasPercentRun], await FoundAsync("ana", "a_b"));
        Assert.Equal([fixture.AnasPercentRun], await FoundAsync("ana", "%"));
        foreach (var odd in new[] { "\\", "'", "\"; drop table x; --", "\0", "\uD800", "factura\u0000 4711", "🙂", "\t\n" })
            await FoundAsync("ana", odd);
        Assert.Equal([fixture.AnasEmailRun], await FoundAsync("ana", "factura\u0000 4711\uDC00"));
    }

    [Fact]
    public async Task A_search_longer_than_the_limit_reads_nothing_and_the_api_says_why()
    {
        var tooLong = new string('a', SearchText.MaxLength + 1);

        Assert.Empty(await FoundAsync("diego", tooLong));
        var client = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Find("ana")!);
        var response = await client.GetAsync($"/api/v1/executions?q={tooLong}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"At most {SearchText.MaxLength} characters.", problem.GetProperty("errors").GetProperty("q")[0].GetString());
        var found = await client.GetFromJsonAsync<JsonElement>("/api/v1/executions?q=factura%204711");
        Assert.Equal(fixture.AnasEmailRun.ToString(), Assert.Single(found.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_app_bars_search_finds_agents_then_runs_each_linked_and_a_run_by_its_first_line()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("es-ES");
        var sections = await fixture.Service<FindAnything>().FindAsync(PortalFixture.User("ana"), "soporte", Madrid);

        Assert.Equal(["agents", "runs"], sections.Select(s => s.Kind));
        Assert.Contains(sections[0].Hits, hit => hit is { Title: "NEURA Soporte", Href: "/agents/neura-11/launch" });
        Assert.Equal(2, sections[1].Total);
        Assert.Contains(sections[1].Hits, hit => hit.Href == $"/executions/{fixture.AnasPercentRun}" && hit.Detail == "Descuento del 100% en la factura A_B");
        Assert.Equal("/executions?q=soporte", sections[1].AllHref);

        var email = await fixture.Service<FindAnything>().FindAsync(PortalFixture.User("ana"), "4711", Madrid);
        Assert.Equal("Escribe a <EMAIL_1> sobre la factura 4711…", Assert.Single(Assert.Single(email).Hits).Detail);
        Assert.Empty(await fixture.Service<FindAnything>().FindAsync(PortalFixture.User("ana"), FindFixture.RawEmail, Madrid));
    }
}
