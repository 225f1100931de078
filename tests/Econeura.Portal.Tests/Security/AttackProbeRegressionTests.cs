using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Econeura.Portal.Tests.Security;

/// <summary>The holes an attack probe found, each kept closed.</summary>
public sealed class AttackProbeRegressionTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    [Theory]
    [InlineData("""{"defaultAction":"redact","overrides":{"SECRET":"7"}}""")]
    [InlineData("""{"defaultAction":"redact","overrides":{"SECRET":"99"}}""")]
    [InlineData("""{"defaultAction":"redact","overrides":{"SECRET":"-1"}}""")]
    [InlineData("""{"defaultAction":"redact","overrides":{"SECRET":"Allow, Block"}}""")]
    [InlineData("""{"defaultAction":"99","overrides":{}}""")]
    [InlineData("""{"defaultAction":"redact","overrides":{"SECRET":7}}""")]
    public async Task A_policy_action_that_is_not_one_of_the_named_actions_is_refused_and_a_secret_stays_blocked(string policy)
    {
        var admin = await fixture.Portal.ClientForAsync("diego");
        var version = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/agents/neura-11/dlp-policy")).GetProperty("version").GetInt64();
        await admin.PutAsJsonAsync("/api/v1/agents/neura-11/dlp-policy", new { defaultAction = "redact", overrides = new Dictionary<string, string> { ["SECRET"] = "block" }, version });

        var response = await admin.PutAsync("/api/v1/agents/neura-11/dlp-policy", Json(policy));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var launched = await (await fixture.Portal.ClientForAsync("ana")).PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-11", input = "Rota la clave AKIAJQ7Y3ZPLX5WTRM2K hoy" });
        Assert.Equal(nameof(ExecutionStatus.Blocked), (await launched.Content.ReadFromJsonAsync<ExecutionResource>(PortalFactory.Json))!.Status);
    }

    [Fact]
    public async Task A_save_naming_a_future_version_is_refused_as_stale()
    {
        var admin = await fixture.Portal.ClientForAsync("diego");

        var response = await admin.PutAsJsonAsync("/api/v1/agents/neura-4/dlp-policy",
            new { defaultAction = "allow", overrides = new Dictionary<string, string>(), version = 999_999 });

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("redact", (await admin.GetFromJsonAsync<JsonElement>("/api/v1/agents/neura-4/dlp-policy")).GetProperty("defaultAction").GetString());
    }

    [Theory]
    [InlineData("/api/v1/risk/policy", "/api/v1/risk/policy", """{"policy":{"costThresholdEur":9}}""")]
    [InlineData("/api/v1/agents/neura-9/dlp-policy", "/api/v1/agents/neura-9/dlp-policy", """{"defaultAction":"block","overrides":{}}""")]
    [InlineData("/api/v1/budgets", "/api/v1/budgets/legal", """{"limitEur":123,"thresholdsPercent":[80],"atLimit":"block"}""")]
    public async Task A_save_without_the_version_it_was_based_on_is_refused_with_400_and_changes_nothing(string readPath, string savePath, string body)
    {
        var admin = await fixture.Portal.ClientForAsync("diego");
        var before = await admin.GetStringAsync(readPath);

        var response = await admin.PutAsync(savePath, Json(body));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("version is required", problem.GetProperty("errors").GetProperty("version")[0].GetString());
        Assert.Equal(before, await admin.GetStringAsync(readPath));
    }

    [Theory]
    [InlineData("""{"agentId":"neura-3","input":"pide a\u0000b MARKER-NUL-INPUT"}""", "input")]
    [InlineData("""{"agentId":"neura-3\u0000","input":"hola MARKER-NUL-AGENT"}""", "agentId")]
    [InlineData("""{"agentId":"neura-3","input":"roto \ud800 MARKER-SURROGATE"}""", "input")]
    public async Task Text_the_database_cannot_keep_is_refused_with_400_and_nothing_is_stored_or_logged(string body, string field)
    {
        var client = await fixture.Portal.ClientForAsync("elena");
        var marker = body[(body.IndexOf("MARKER", StringComparison.Ordinal))..body.IndexOf('"', body.IndexOf("MARKER", StringComparison.Ordinal))];

        var response = await client.PostAsync("/api/v1/executions", Json(body));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), problem.ToString());
        await using var session = fixture.Store.QuerySession(DevelopmentPersonas.Fabrikam.Id);
        Assert.Equal(0, await session.Query<ExecutionView>().CountAsync(v => v.RequestedBy == "dev-elena"));
        Assert.False(fixture.Portal.Logs.Contain(marker));
    }

    private static async Task<JsonNode> AdminAgentAsync(HttpClient admin, string agentId)
    {
        var response = await admin.GetAsync("/api/v1/admin/agents");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Single(a => (string?)a!["agent"]!["id"] == agentId)!["agent"]!;
    }

    [Theory]
    [InlineData("risk", "Medium, High", "One of: low, medium, high.")]
    [InlineData("route", "Webhook, Chat", "One of: simulator, webhook, chat.")]
    public async Task An_agent_saved_with_two_names_for_one_value_is_refused_with_400_naming_the_field_and_nothing_is_saved(string field, string value, string message)
    {
        var admin = await fixture.Portal.ClientForAsync("diego");
        var agent = await AdminAgentAsync(admin, "neura-5");
        var spoilt = agent.DeepClone();
        spoilt[field] = value;

        var response = await admin.PutAsync("/api/v1/admin/agents/neura-5", Json(spoilt.ToJsonString()));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(agent.ToJsonString(), (await AdminAgentAsync(admin, "neura-5")).ToJsonString());
    }

    [Fact]
    public async Task An_agent_stored_with_a_rating_no_level_names_has_its_runs_held_for_approval_and_the_admin_list_still_answers()
    {
        var ana = PortalFixture.User("ana");
        var stored = (await fixture.Service<AgentCatalog>().FindAsync(ana.TenantId, "neura-2"))!;
        // What "Medium, High" stored before enums were checked: a rating of 3, which no level names.
        Assert.True(await fixture.Service<VersionedSettings>().SaveAsync(ana.TenantId, stored with { Risk = (RiskLevel)3 }, PortalFixture.User("diego")));

        var launched = Assert.IsType<LaunchResult.Launched>(await fixture.Service<ExecutionLauncher>().LaunchAsync(ana, "neura-2", "Resume la campaña"));
        var listed = await AdminAgentAsync(await fixture.Portal.ClientForAsync("diego"), "neura-2");

        await using var session = fixture.Store.QuerySession(ana.TenantId);
        var execution = (await session.LoadAsync<ExecutionView>(launched.ExecutionId))!;
        Assert.Equal(ExecutionStatus.AwaitingApproval, execution.Status);
        Assert.Equal(RiskLevel.High, execution.Risk);
        Assert.Equal(3, (int)listed["risk"]!);
    }

    [Theory]
    [InlineData("/culture/en-GB?returnUrl=%2F%5Cevil.example")]
    [InlineData("/culture/en-GB?returnUrl=%2Fexecutions%09x")]
    [InlineData("/culture/en-GB?returnUrl=%2Fexecutions%0D%0ASet-Cookie%3A%20x%3Dy")]
    [InlineData("/culture/en-GB?returnUrl=%2F%2Fevil.example")]
    [InlineData("/culture/en-GB?returnUrl=%2F%00")]
    [InlineData("/culture/en-GB?returnUrl=evil.example")]
    public async Task A_return_address_that_is_not_a_plain_local_path_sends_the_browser_home(string path)
    {
        var response = await fixture.Portal.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/\\evil.example")]
    [InlineData("/executions\tx")]
    [InlineData("/executions\r\nSet-Cookie: x=y")]
    [InlineData("//evil.example")]
    public async Task The_development_sign_in_sends_an_unsafe_return_address_home(string returnUrl)
    {
        var client = fixture.Portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync("/signin-dev");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        var response = await client.PostAsync("/signin-dev", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["persona"] = "ana", ["returnUrl"] = returnUrl, ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    /// <summary>A redirect header carries ASCII only: these used to end in a 500 (the probe's 6 of 46).</summary>
    public static TheoryData<string, string> NonAsciiReturnAddresses => new()
    {
        { "/ñ", "/%C3%B1" },
        { "/executions?q=\u202e", "/executions?q=%E2%80%AE" },
        { "/agents/\U0001F600", "/agents/%F0%9F%98%80" },
        { "/" + new string('é', 1000), "/" + string.Concat(Enumerable.Repeat("%C3%A9", 1000)) },
        { "/" + new string('x', 3000), "/" },
    };

    [Theory]
    [MemberData(nameof(NonAsciiReturnAddresses))]
    public async Task A_return_address_with_characters_beyond_ascii_is_followed_encoded_by_the_language_switch_and_the_sign_in(string returnUrl, string location)
    {
        var browser = fixture.Portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var culture = await browser.GetAsync($"/culture/en-GB?returnUrl={Uri.EscapeDataString(returnUrl)}");
        var page = await browser.GetStringAsync("/signin-dev");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var signIn = await browser.PostAsync("/signin-dev", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["persona"] = "ana", ["returnUrl"] = returnUrl, ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal((HttpStatusCode.Redirect, location), (culture.StatusCode, culture.Headers.Location?.OriginalString));
        Assert.Equal((HttpStatusCode.Redirect, location), (signIn.StatusCode, signIn.Headers.Location?.OriginalString));
    }

    [Fact]
    public async Task Under_api_every_error_is_a_problem_document_with_its_own_status_never_a_sign_in_redirect()
    {
        var ana = await fixture.Portal.ClientForAsync("ana");
        var anonymous = fixture.Portal.CreateClient(new() { AllowAutoRedirect = false });

        await AssertProblemAsync(await ana.GetAsync("/api/v1/executions/not-a-guid"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await ana.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await ana.PostAsync("/api/v1/executions", new StringContent("hola", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        await AssertProblemAsync(await ana.DeleteAsync("/api/v1/executions"), HttpStatusCode.MethodNotAllowed);
        await AssertProblemAsync(await ana.GetAsync("/api/v1/budgets"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await anonymous.GetAsync("/api/v1/executions/not-a-guid"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await anonymous.GetAsync("/api/v1/executions"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await anonymous.PostAsync("/api/v1/executions", new StringContent("hola", Encoding.UTF8, "text/plain")), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Request_bodies_are_capped_to_what_each_endpoint_takes()
    {
        var admin = await fixture.Portal.ClientForAsync("diego");
        var padding = new string(' ', 100_000);

        var bloatedPolicy = await admin.PutAsync("/api/v1/agents/neura-6/dlp-policy", Json("{\"defaultAction\":\"redact\"," + padding + "\"overrides\":{}}"));
        var longestScan = await admin.PostAsJsonAsync("/api/v1/dlp/scan", new { text = new string('ñ', 100_000) });
        var oversizedScan = await admin.PostAsync("/api/v1/dlp/scan", Json($$"""{"text":"{{new string('x', 700_000)}}"}"""));

        await AssertProblemAsync(bloatedPolicy, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(HttpStatusCode.OK, longestScan.StatusCode);
        await AssertProblemAsync(oversizedScan, HttpStatusCode.RequestEntityTooLarge);
    }
}
