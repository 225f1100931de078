using System.Net;
using System.Net.Http.Json;

namespace Econeura.Portal.Tests.Identity;

public sealed class SignInAndAuthorizationTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/executions")]
    [InlineData("/agents/neura-1/launch")]
    [InlineData("/admin/jobs")]
    [InlineData("/admin/dlp")]
    public async Task Every_page_sends_an_anonymous_visitor_to_sign_in(string path)
    {
        var client = fixture.Portal.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin-dev", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_signed_in_user_sees_the_portal_in_spanish_by_default_and_in_english_once_chosen()
    {
        var spanish = await fixture.Portal.BrowserForAsync("ana");
        var english = await fixture.Portal.BrowserForAsync("ana", culture: "en-GB");

        var inSpanish = await spanish.GetStringAsync("/executions");
        var inEnglish = await english.GetStringAsync("/executions");

        Assert.Contains("Ejecuciones", inSpanish);
        Assert.Contains("data-testid=\"dev-banner\"", inSpanish);
        Assert.Contains("Executions", inEnglish);
        Assert.DoesNotContain("Ejecuciones", inEnglish);
    }

    [Theory]
    [InlineData("/admin/dlp", "bruno", "diego")] // an approver is not an admin
    [InlineData("/admin/jobs", "diego", "olga")] // a tenant admin is not a platform operator
    [InlineData("/admin/jobs", "fabio", "olga")]
    public async Task Admin_pages_are_for_their_role_only(string path, string refusedPersona, string allowedPersona)
    {
        var refused = await (await fixture.Portal.BrowserForAsync(refusedPersona)).GetAsync(path);
        var allowed = await (await fixture.Portal.BrowserForAsync(allowedPersona)).GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/access-denied", refused.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Theory]
    [InlineData("en-GB", "This page needs one of these roles: Finance (Econeura.Finance) or Administrator (Econeura.Admin).", "Back to the agent catalog")]
    [InlineData("es-ES", "Esta página requiere uno de estos roles: Finanzas (Econeura.Finance) o Administrador (Econeura.Admin).", "Volver al catálogo de agentes")]
    public async Task A_refused_page_names_the_roles_that_open_it_and_leads_back_to_the_catalog(string culture, string roles, string back)
    {
        var ana = await fixture.Portal.BrowserForAsync("ana", culture: culture);

        var refused = await ana.GetAsync("/finance/budgets");
        var page = WebUtility.HtmlDecode(await ana.GetStringAsync(refused.Headers.Location));

        Assert.Contains(roles, page);
        Assert.Contains($"href=\"/agents\"", page);
        Assert.Contains(back, page);
    }

    [Fact]
    public async Task Sign_out_ends_the_session_and_lands_on_the_signed_out_page()
    {
        var browser = await fixture.Portal.BrowserForAsync("bruno");
        var page = await browser.GetStringAsync("/executions");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        var signedOut = await browser.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal("/signed-out", signedOut.Headers.Location?.OriginalString);
        Assert.Contains("Has cerrado la sesión", WebUtility.HtmlDecode(await browser.GetStringAsync("/signed-out")));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/executions")).StatusCode);
    }

    [Fact]
    public async Task A_sign_out_posted_without_the_antiforgery_token_is_refused_and_the_session_stays()
    {
        var browser = await fixture.Portal.BrowserForAsync("bruno");

        var forged = await browser.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/executions")).StatusCode);
    }

    [Fact]
    public async Task The_app_bar_names_the_user_their_organisation_and_their_roles()
    {
        var page = WebUtility.HtmlDecode(await (await fixture.Portal.BrowserForAsync("bruno", culture: "en-GB")).GetStringAsync("/executions"));

        Assert.Matches("data-testid=\"signed-in-user\">Bruno Martín<", page);
        Assert.Matches("data-testid=\"signed-in-tenant\">Contoso Iberia<", page);
        Assert.Matches("data-testid=\"signed-in-roles\">Approver, User<", page);
    }

    [Fact]
    public async Task Someone_signed_in_without_any_role_is_told_to_ask_an_administrator_and_sees_nothing_else()
    {
        var nadia = await fixture.Portal.BrowserForAsync("nadia", culture: "en-GB");

        var landing = await nadia.GetAsync("/");
        var home = WebUtility.HtmlDecode(await nadia.GetStringAsync(landing.Headers.Location));
        var api = await (await fixture.Portal.ClientForAsync(Econeura.Portal.Features.Identity.DevelopmentPersonas.Get("nadia"))).GetAsync("/api/v1/agents");

        Assert.Contains("data-testid=\"no-role\"", home);
        Assert.Contains("Ask your administrator", home);
        Assert.DoesNotContain("neura-1", home);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
    }

    [Fact]
    public async Task The_development_token_endpoint_refuses_an_unknown_persona_with_problem_details()
    {
        var response = await fixture.Portal.CreateClient().PostAsJsonAsync("/api/dev/token", new { persona = "mallory" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_and_the_openapi_document_answer_without_sign_in()
    {
        var client = fixture.Portal.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var readiness = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/health/ready");
        Assert.Equal("Healthy", readiness.GetProperty("status").GetString());
        Assert.Equal(["postgresql", "jobs", "live-updates", "backlog"], readiness.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var openApi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/executions", openApi);
        Assert.Contains("\"scheme\": \"bearer\"", openApi);
        // A client's developer finds how to make a launch safe to send again where the launches are described.
        var document = System.Text.Json.JsonDocument.Parse(openApi).RootElement.GetProperty("paths");
        foreach (var launch in new[] { "/api/v1/executions", "/api/invoke/{agentId}" })
            Assert.Contains(document.GetProperty(launch).GetProperty("post").GetProperty("parameters").EnumerateArray(),
                p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header");
    }
}

public sealed class EntraConfiguredFixture : PortalFixture
{
    protected override PortalFactory CreatePortal(string connectionString) =>
        new(connectionString, "Production", new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = "00000000-0000-0000-0000-000000000001",
            ["AzureAd:ClientId"] = "00000000-0000-0000-0000-000000000002",
            ["AllowedHosts"] = "127.0.0.1;localhost",
        });
}

public sealed class DevelopmentSignInOutsideDevelopmentTests(EntraConfiguredFixture fixture) : IClassFixture<EntraConfiguredFixture>
{
    [Fact]
    public async Task With_entra_configured_in_production_the_development_sign_in_does_not_exist()
    {
        var client = fixture.Portal.CreateClient(new() { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/signin-dev")).StatusCode);
        var token = await client.PostAsJsonAsync("/api/dev/token", new { persona = "diego" });
        // Unmapped here, the path falls to the sign-in challenge (which cannot reach Entra offline): no token either way.
        Assert.False(token.IsSuccessStatusCode);
        Assert.DoesNotContain("access_token", await token.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/executions")).StatusCode);
    }
}

public sealed class UnreachableEntraTests(EntraConfiguredFixture fixture) : IClassFixture<EntraConfiguredFixture>
{
    /// <summary>
    /// Offline, Entra's metadata endpoint cannot be reached: that is a sign-in failure, not a database outage. It was
    /// taken for one (any socket error counted), so pages answered "service unavailable" about the database and readiness
    /// flapped between the jobs check (outage ongoing) and the database check (which answers and ends it).
    /// </summary>
    [Fact]
    public async Task An_unreachable_sign_in_provider_is_not_reported_as_the_database()
    {
        var client = fixture.Portal.CreateClient(new() { AllowAutoRedirect = false });

        var page = await client.GetAsync("/executions");

        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.False(fixture.Service<DatabaseOutage>().IsOngoing);
        Assert.DoesNotContain(fixture.Portal.Logs.Lines, line => line.Contains("PostgreSQL cannot be reached"));
        var readiness = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/health/ready");
        Assert.Equal("Healthy", readiness.GetProperty("status").GetString());
    }
}
