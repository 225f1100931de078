using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Tenancy;

/// <summary>
/// Reads never write: an organisation's catalog and price table are there from its provisioning (onboarding, or the
/// start of a node for the directories configuration allows), and one never provisioned is not given them by a read.
/// </summary>
public sealed class TenantProvisioningTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Reading_the_catalog_and_prices_of_an_organisation_never_provisioned_writes_nothing()
    {
        const string unknown = "0f1e2d3c-4b5a-4968-8778-695a4b3c2d1e";

        Assert.Empty(await fixture.Service<AgentCatalog>().ListAsync(unknown));
        Assert.Null(await fixture.Service<AgentCatalog>().FindAsync(unknown, "cfo-treasury"));
        Assert.Empty(await fixture.Service<PriceTable>().RulesAsync(unknown));

        Assert.Equal(0, await fixture.Database.RowsOfTenantAsync(unknown));
    }

    [Fact]
    public async Task A_demo_organisation_has_its_catalog_and_prices_from_the_start_and_reading_them_writes_nothing()
    {
        var tenant = DevelopmentPersonas.Fabrikam.Id;
        var before = await fixture.Database.RowsOfTenantAsync(tenant);

        var agents = await fixture.Service<AgentCatalog>().ListAsync(tenant);
        var treasury = await fixture.Service<AgentCatalog>().FindAsync(tenant, "cfo-treasury");
        var prices = await fixture.Service<PriceTable>().BookAsync(tenant);

        Assert.Equal(AgentSeed.Load().Count, agents.Count);
        Assert.Equal("Tesorería", treasury?.WordingIn("es").Name);
        Assert.NotNull(prices.For(treasury!, DateOnly.FromDateTime(DateTime.UtcNow)));
        Assert.Equal(before, await fixture.Database.RowsOfTenantAsync(tenant));
    }

    [Fact]
    public async Task Onboarding_an_organisation_gives_it_the_seeded_catalog_and_the_list_prices_in_the_same_commit()
    {
        const string litware = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
        var olga = await fixture.Portal.ClientForAsync("olga");

        var onboarded = await olga.PostAsJsonAsync("/api/v1/operator/tenants",
            new { directoryId = litware, displayName = "Litware", timeZone = "Europe/Madrid", defaultBudgetEur = 100m, applySeedRoutes = false });

        Assert.Equal(HttpStatusCode.Created, onboarded.StatusCode);
        // Straight from the database, before anything of the organisation is read.
        await using var session = fixture.Store.QuerySession(litware);
        Assert.Equal(AgentSeed.Load().Select(a => a.Id).Order(), (await session.Query<AgentDefinition>().Select(a => a.Id).ToListAsync()).Order());
        Assert.Equal(PriceTable.Defaults.Select(p => p.Key).Order(), (await session.Query<PriceRuleDocument>().Select(r => r.Key).ToListAsync()).Order());
    }
}

/// <summary>
/// What a node does at start, as a deployment meets it: two nodes of a new deployment starting at once provision the
/// demo organisations once between them, and a migration runs at the first start that has it and never again.
/// </summary>
public sealed class ProvisioningAtStartTests : IAsyncLifetime
{
    private TestDatabase _database = default!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static readonly string[] DemoTenants = [.. DevelopmentPersonas.All.Select(p => p.Tenant.Id).Distinct()];

    [Fact]
    public async Task Two_nodes_starting_at_once_on_a_new_database_provision_each_demo_organisation_once()
    {
        await using var nodeA = new PortalFactory(_database.ConnectionString);
        await using var nodeB = new PortalFactory(_database.ConnectionString);

        await Task.WhenAll(Task.Run(nodeA.StartServer), Task.Run(nodeB.StartServer));

        foreach (var tenant in DemoTenants)
        {
            await using var session = nodeA.Services.GetRequiredService<IDocumentStore>().QuerySession(tenant);
            Assert.Equal(AgentSeed.Load().Count, await session.Query<AgentDefinition>().CountAsync());
            Assert.Equal(PriceTable.Defaults.Count, await session.Query<PriceRuleDocument>().CountAsync());
        }
    }

    [Fact]
    public async Task The_backfills_run_at_the_first_start_that_has_them_and_a_later_start_does_nothing()
    {
        var fabrikam = DevelopmentPersonas.Fabrikam.Id;
        const string litware = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
        await using (var before = new PortalFactory(_database.ConnectionString))
        {
            before.StartServer();
            var olga = await before.ClientForAsync("olga");
            Assert.Equal(HttpStatusCode.Created, (await olga.PostAsJsonAsync("/api/v1/operator/tenants",
                new { directoryId = litware, displayName = "Litware", timeZone = "Europe/Madrid", defaultBudgetEur = 100m })).StatusCode);
            // The database as a portal from before the migrations left it: a catalog without Spanish, an onboarded
            // organisation without prices (they came at its first read then), and no record of either migration.
            await StripWordingsAsync(before, fabrikam);
            await using var session = before.Services.GetRequiredService<IDocumentStore>().LightweightSession();
            session.ForTenant(litware).DeleteWhere<PriceRuleDocument>(_ => true);
            session.Delete<StartupMigrationRecord>("agent-wordings");
            session.Delete<StartupMigrationRecord>("price-tables-of-onboarded-tenants");
            await session.SaveChangesAsync();
        }

        await using (var upgraded = new PortalFactory(_database.ConnectionString))
        {
            upgraded.StartServer();

            Assert.Equal("Tesorería", (await CatalogAsync(upgraded, fabrikam)).Single(a => a.Id == "cfo-treasury").WordingIn("es").Name);
            Assert.Equal(PriceTable.Defaults.Count, (await upgraded.Services.GetRequiredService<PriceTable>().RulesAsync(litware)).Count);
            await using var session = upgraded.Services.GetRequiredService<IDocumentStore>().QuerySession();
            // Every migration is on record once: the two it ran now and any that ran at the first start.
            Assert.Equal(upgraded.Services.GetServices<IStartupMigration>().Count(), await session.Query<StartupMigrationRecord>().CountAsync());
            await StripWordingsAsync(upgraded, fabrikam);
        }

        await using var later = new PortalFactory(_database.ConnectionString);
        later.StartServer();

        Assert.All(await CatalogAsync(later, fabrikam), agent => Assert.Empty(agent.Wordings));
    }

    private static async Task<IReadOnlyList<AgentDefinition>> CatalogAsync(PortalFactory node, string tenant)
    {
        await using var session = node.Services.GetRequiredService<IDocumentStore>().QuerySession(tenant);
        return await session.Query<AgentDefinition>().ToListAsync();
    }

    private static async Task StripWordingsAsync(PortalFactory node, string tenant)
    {
        var unworded = (await CatalogAsync(node, tenant)).Select(a => a with { Wordings = new Dictionary<string, AgentWording>() }).ToArray();
        await using var session = node.Services.GetRequiredService<IDocumentStore>().LightweightSession(tenant);
        session.Store(unworded);
        await session.SaveChangesAsync();
    }
}
