using Bunit;
using Microsoft.Extensions.Options;

namespace Econeura.Portal.Tests.Agents;

public sealed class AgentSeedTests
{
    [Fact]
    public void Every_agent_of_the_seed_has_a_name_and_a_description_in_english_and_spanish()
    {
        var agents = AgentSeed.Load();

        Assert.Equal(11, agents.Count(a => a.IsLead));
        Assert.All(agents, agent =>
        {
            Assert.Equal(["en", "es"], agent.Wordings.Keys.Order());
            Assert.All(agent.Wordings.Values, w => Assert.False(string.IsNullOrWhiteSpace(w.Name) || string.IsNullOrWhiteSpace(w.Description), agent.Id));
            // What executions record is the catalog's own (English) name.
            Assert.Equal(agent.Name, agent.WordingIn("en").Name);
        });
        Assert.Equal("Tesorería", agents.Single(a => a.Id == "cfo-treasury").WordingIn("es").Name);
    }

    [Theory]
    [InlineData("tesorería")]
    [InlineData("TESORERIA")]
    [InlineData("treasury")]
    [InlineData("tesoreria cfo")]
    public void A_search_finds_an_agent_in_either_language_whatever_its_accents_and_case(string query) =>
        Assert.True(SearchText.Matches(query, AgentSeed.Load().Single(a => a.Id == "cfo-treasury").SearchableTexts));

    [Fact]
    public void Every_word_of_a_search_must_be_found() =>
        Assert.False(SearchText.Matches("tesorería phishing", AgentSeed.Load().Single(a => a.Id == "cfo-treasury").SearchableTexts));
}

public sealed class AgentCatalogPageTests(PortalFixture fixture) : PortalComponentTest(fixture, "carmen", "es-ES")
{
    [Fact]
    public void The_catalog_speaks_spanish_and_finds_the_treasurer_with_or_without_accents_and_in_english()
    {
        var page = Render<AgentCatalogPage>();
        page.WaitForAssertion(() => Assert.Equal("Tesorería", page.Find("[data-testid=agent-cfo-treasury] h3").TextContent.Trim()));
        Assert.Contains("Posición de caja", page.Find("[data-testid=agent-cfo-treasury]").TextContent);

        foreach (var query in new[] { "tesorería", "tesoreria", "treasury" })
        {
            page.Find("input[placeholder='Buscar agentes']").Input(query);
            page.WaitForAssertion(() =>
            {
                Assert.NotNull(page.Find("[data-testid=agent-cfo-treasury]"));
                Assert.Equal(["department-cfo"], page.FindAll("[data-testid^=department-]").Select(d => d.GetAttribute("data-testid")));
            });
        }
    }
}

public sealed class EnglishAgentCatalogPageTests(PortalFixture fixture) : PortalComponentTest(fixture, "carmen", "en-GB")
{
    [Fact]
    public void The_catalog_speaks_english_to_an_english_reader()
    {
        var page = Render<AgentCatalogPage>();

        page.WaitForAssertion(() => Assert.Equal("Treasury", page.Find("[data-testid=agent-cfo-treasury] h3").TextContent.Trim()));
        Assert.Contains("Cash position", page.Find("[data-testid=agent-cfo-treasury]").TextContent);
    }
}

public sealed class AgentCatalogSeedRouteTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task A_new_tenant_finds_the_leads_configured_for_it_on_their_webhooks_and_the_others_on_the_simulator()
    {
        var tenant = Guid.NewGuid().ToString();
        var routes = new SeedRouteOptions { Webhooks = { ["neura-3"] = "https://hooks.example.test/cfo" }, AuthSecret = "make-token", SigningSecret = "econeura-hmac" };

        var catalog = new AgentCatalog(fixture.Store, fixture.Service<SettingsCache>(), Options.Create(routes));
        await using (var session = fixture.Store.LightweightSession(tenant))
        {
            await catalog.StageSeedAsync(session, tenant, withSeedRoutes: true, CancellationToken.None);
            await session.SaveChangesAsync();
        }

        var agents = await catalog.ListAsync(tenant);

        var cfo = agents.Single(a => a.Id == "neura-3");
        Assert.Equal(AgentRoute.Webhook, cfo.Route);
        Assert.Equal(new WebhookSettings { Url = "https://hooks.example.test/cfo", AuthSecret = "make-token", SigningSecret = "econeura-hmac" }, cfo.Webhook);
        Assert.All(agents.Where(a => a.Id != "neura-3"), agent => Assert.Equal(AgentRoute.Simulator, agent.Route));
    }

    [Theory]
    [InlineData("neura-12", "https://hooks.example.test/x")]
    [InlineData("cfo-treasury", "https://hooks.example.test/x")]
    [InlineData("neura-1", "hooks.example.test/no-scheme")]
    [InlineData("neura-1", "ftp://hooks.example.test/x")]
    public void Seed_routes_for_an_agent_that_is_not_a_lead_or_without_an_http_url_are_refused_at_start(string agentId, string url) =>
        Assert.False(new SeedRouteOptions { Webhooks = { [agentId] = url } }.IsValid());
}
