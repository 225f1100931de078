using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Econeura.Portal.Features.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Tenancy;

/// <summary>
/// Organisations are onboarded on purpose: a directory nobody onboarded gets a clear refusal and nothing of its own,
/// onboarding opens the door with a seeded catalog, offboarding closes it again (sessions included), and only the
/// platform's own operators do either.
/// </summary>
public sealed class TenantOnboardingTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private static DevelopmentPersona StaffOf(string directoryId, string name) =>
        new($"admin-{directoryId[..4]}", $"Admin of {name}", new DemoTenant(directoryId, name, "onboarded.example"), [AppRoles.User, AppRoles.Admin]);

    /// <summary>An API client with a bearer token of someone the development sign-in does not list: another organisation's staff.</summary>
    private HttpClient ApiClientOf(DevelopmentPersona persona)
    {
        var client = fixture.Portal.CreateClient(new() { AllowAutoRedirect = false });
        var token = fixture.Service<DevelopmentTokenIssuer>().Issue(persona);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    private static Task<HttpResponseMessage> OnboardAsync(HttpClient operatorClient, string directoryId, string name, decimal budget = 250m, bool seedRoutes = false) =>
        operatorClient.PostAsJsonAsync("/api/v1/operator/tenants", new { directoryId, displayName = name, timeZone = "Atlantic/Canary", defaultBudgetEur = budget, applySeedRoutes = seedRoutes });

    [Fact]
    public async Task Someone_of_a_directory_nobody_onboarded_is_refused_and_nothing_is_created_for_it()
    {
        const string unknown = "5a0c8e2f-1b3d-4c6e-8f9a-2b4c6d8e0f13";
        var api = ApiClientOf(StaffOf(unknown, "Litware"));

        var agents = await api.GetAsync("/api/v1/agents");
        var launch = await api.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = "Hola" });
        var budgets = await api.GetAsync("/api/v1/budgets");

        foreach (var refused in new[] { agents, launch, budgets })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("not set up", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        }
        Assert.Equal(0, await fixture.Database.RowsOfTenantAsync(unknown));
    }

    [Fact]
    public async Task Onboarding_lets_the_organisation_in_with_its_seeded_catalog_and_budget_and_offboarding_shuts_it_out()
    {
        const string northwind = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b";
        var api = ApiClientOf(StaffOf(northwind, "Northwind"));
        var olga = await fixture.Portal.ClientForAsync("olga");
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/agents")).StatusCode);

        var onboarded = await OnboardAsync(olga, northwind.ToUpperInvariant(), "Northwind Traders");

        Assert.Equal(HttpStatusCode.Created, onboarded.StatusCode);
        var agents = await api.GetFromJsonAsync<JsonElement>("/api/v1/agents");
        Assert.Equal(AgentSeed.Load().Count, agents.GetArrayLength());
        var budgets = await api.GetFromJsonAsync<JsonElement>("/api/v1/budgets");
        Assert.Contains(budgets.EnumerateArray(), b => b.GetProperty("scope").GetString() == BudgetRule.TenantScope && b.GetProperty("limitEur").GetDecimal() == 250m);
        var listed = await olga.GetFromJsonAsync<JsonElement>("/api/v1/operator/tenants");
        Assert.Contains(listed.EnumerateArray(), t => t.GetProperty("directoryId").GetString() == northwind && t.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await OnboardAsync(olga, northwind, "Northwind again")).StatusCode);

        var offboarded = await olga.PostAsync($"/api/v1/operator/tenants/{northwind}/offboard", null);

        Assert.Equal(HttpStatusCode.OK, offboarded.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/agents")).StatusCode);
        // Its records are kept: the catalog is still there for the day it comes back.
        Assert.True(await fixture.Database.RowsOfTenantAsync(northwind) > 0);
    }

    [Fact]
    public async Task Onboarding_applies_the_seed_routes_only_when_the_operator_says_so()
    {
        const string withRoutes = "9b1d3f5a-7c9e-4b2d-8f4a-6c8e0a2c4e17";
        var olga = await fixture.Portal.ClientForAsync("olga");

        Assert.Equal(HttpStatusCode.Created, (await OnboardAsync(olga, withRoutes, "Adventure Works", seedRoutes: true)).StatusCode);

        await using var session = fixture.Store.QuerySession(withRoutes);
        Assert.Equal(AgentSeed.Load().Count, await session.Query<AgentDefinition>().CountAsync());
    }

    [Fact]
    public async Task An_offboarded_organisations_open_session_ends_and_signing_in_again_shows_why()
    {
        var elena = await fixture.Portal.BrowserForAsync("elena");
        Assert.Equal(HttpStatusCode.OK, (await elena.GetAsync("/executions")).StatusCode);
        var olga = await fixture.Portal.ClientForAsync("olga");
        var fabio = await fixture.Portal.ClientForAsync("fabio");

        var offboarded = await olga.PostAsync($"/api/v1/operator/tenants/{DevelopmentPersonas.Fabrikam.Id}/offboard", null);

        Assert.Equal(HttpStatusCode.OK, offboarded.StatusCode);
        var page = await elena.GetAsync("/executions");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith(SignInMode.DevelopmentSignInPath, page.Headers.Location!.AbsolutePath);
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Portal.BrowserForAsync("elena", culture: "en-GB"));
        Assert.Contains(PortalAccessResultHandler.NotSetUpPath, again.Message);
        var reader = fixture.Portal.CreateClient(new() { HandleCookies = true });
        await reader.GetAsync("/culture/en-GB");
        Assert.Contains("Your organisation is not set up in Econeura", await reader.GetStringAsync(PortalAccessResultHandler.NotSetUpPath));
        Assert.Equal(HttpStatusCode.Forbidden, (await fabio.GetAsync("/api/v1/agents")).StatusCode);

        // Back again, with the catalog and settings it had.
        Assert.Equal(HttpStatusCode.Created, (await OnboardAsync(olga, DevelopmentPersonas.Fabrikam.Id, "Fabrikam Retail")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fabio.GetAsync("/api/v1/agents")).StatusCode);
    }

    [Fact]
    public async Task A_run_of_an_organisation_offboarded_while_it_waited_sends_nothing_when_its_turn_comes()
    {
        const string wingtip = "5a6b7c8d-0000-4000-8000-00000000a1b2";
        var olga = await fixture.Portal.ClientForAsync("olga");
        Assert.Equal(HttpStatusCode.Created, (await OnboardAsync(olga, wingtip, "Wingtip Toys")).StatusCode);
        var staff = new PortalUser(wingtip, "wingtip-ana", "Ana of Wingtip", new HashSet<string> { AppRoles.User });
        var waiting = await fixture.RequestWithoutJobAsync(staff, "neura-1", "analytics");
        Assert.Equal(HttpStatusCode.OK, (await olga.PostAsync($"/api/v1/operator/tenants/{wingtip}/offboard", null)).StatusCode);

        await fixture.Service<DispatchExecutionJob>().DispatchAsync(wingtip, waiting, null, "job-1", CancellationToken.None);

        await using var session = fixture.Store.QuerySession(wingtip);
        var events = (await session.Events.FetchStreamAsync(waiting)).Select(e => e.Data).ToList();
        Assert.DoesNotContain(events, e => e is ExecutionDispatched or AgentResponded or CostRecorded);
        Assert.Equal(FailureCause.OrganisationOffboarded, Assert.IsType<ExecutionFailed>(events[^1]).Cause);
    }

    [Fact]
    public async Task An_open_page_of_an_offboarded_organisation_loses_its_sign_in_at_the_next_revalidation()
    {
        const string tailspin = "6e5d4c3b-2a19-4f08-8e7d-6c5b4a392817";
        var olga = await fixture.Portal.ClientForAsync("olga");
        Assert.Equal(HttpStatusCode.Created, (await OnboardAsync(olga, tailspin, "Tailspin Toys")).StatusCode);
        // The provider each circuit gets, as the portal registers it.
        using var circuit = fixture.Services.CreateScope();
        var revalidation = Assert.IsType<OrganisationRevalidation>(circuit.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>());
        var staff = StaffOf(tailspin, "Tailspin Toys").Principal("test");
        Assert.True(await revalidation.IsStillAllowedAsync(staff));

        await olga.PostAsync($"/api/v1/operator/tenants/{tailspin}/offboard", null);

        Assert.False(await revalidation.IsStillAllowedAsync(staff));
    }

    [Fact]
    public async Task Only_the_platforms_own_operators_onboard_and_bad_input_names_its_fields()
    {
        const string target = "c4e6a8b0-2d4f-4a6c-8e0a-4c6e8a0c2e19";
        var felix = await fixture.Portal.ClientForAsync("felix");
        var olga = await fixture.Portal.ClientForAsync("olga");

        Assert.Equal(HttpStatusCode.Forbidden, (await OnboardAsync(felix, target, "Felix's own")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await felix.GetAsync("/api/v1/operator/tenants")).StatusCode);
        var invalid = await olga.PostAsJsonAsync("/api/v1/operator/tenants", new { directoryId = "felix-corp", displayName = "", timeZone = "Mars/Olympus", defaultBudgetEur = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["defaultBudgetEur", "directoryId", "displayName", "timeZone"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(0, await fixture.Database.RowsOfTenantAsync(target));
        Assert.Null(await fixture.Service<TenantRegistry>().FindAsync(target));
    }
}

/// <summary>A portal for several organisations must say which directories may sign in, and whose operators run it.</summary>
public sealed class MultiOrganisationStartTests
{
    private static Dictionary<string, string?> Organisations((string Key, string Value) only)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = "organizations",
            ["AzureAd:ClientId"] = "00000000-0000-0000-0000-000000000002",
        };
        settings[only.Key] = only.Value;
        return settings;
    }

    [Theory]
    [InlineData("Platform:OperatorTenantId", "AzureAd:AllowedTenants is required")]
    [InlineData("AzureAd:AllowedTenants:0", "Platform:OperatorTenantId must be")]
    public async Task With_organizations_the_portal_refuses_to_start_without_the_allow_list_or_the_platform_directory(string onlySetting, string refusal)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var portal = new PortalFactory(database.ConnectionString, settings: Organisations((onlySetting, DevelopmentPersonas.Contoso.Id)));

        var refused = Assert.ThrowsAny<Exception>(portal.StartServer);

        Assert.Contains(refusal, refused.ToString());
    }
}
