using Bunit;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Econeura.Portal.Tests.Dlp;

public sealed class DlpApiTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{

    [Fact]
    public async Task Scan_answers_the_redacted_text_and_each_finding_with_its_position()
    {
        var client = await fixture.Portal.ClientForAsync("ana");
        const string text = "Contacta con ana.garcia@contoso.es, tarjeta 4111 1111 1111 1111.";

        var response = await client.PostAsJsonAsync("/api/v1/dlp/scan", new { text, @operator = "replace" });

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Contacta con <EMAIL_1>, tarjeta <CREDIT_CARD_1>.", body.GetProperty("redacted").GetString());
        var findings = body.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(["EMAIL", "CREDIT_CARD"], findings.Select(f => f.GetProperty("type").GetString()));
        Assert.Equal(text.IndexOf("ana.garcia", StringComparison.Ordinal), findings[0].GetProperty("start").GetInt32());
        Assert.Equal("ana.garcia@contoso.es".Length, findings[0].GetProperty("length").GetInt32());
        Assert.InRange(findings[0].GetProperty("score").GetDouble(), 0.5, 1.0);
    }

    [Fact]
    public async Task Mask_keeps_the_last_digits_of_a_card_and_hash_gives_equal_values_equal_tokens()
    {
        var client = await fixture.Portal.ClientForAsync("ana");

        var masked = await (await client.PostAsJsonAsync("/api/v1/dlp/scan", new { text = "Tarjeta 4111 1111 1111 1111", @operator = "mask" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var hashed = await (await client.PostAsJsonAsync("/api/v1/dlp/scan", new { text = "a@b.es y a@b.es y c@d.es", @operator = "hash" }))
            .Content.ReadFromJsonAsync<JsonElement>();

        Assert.EndsWith("1111", masked.GetProperty("redacted").GetString());
        Assert.DoesNotContain("4111 1111 1111 1111", masked.GetProperty("redacted").GetString());
        var tokens = hashed.GetProperty("redacted").GetString()!.Split(" y ");
        Assert.Equal(tokens[0], tokens[1]);
        Assert.NotEqual(tokens[0], tokens[2]);
        Assert.DoesNotContain("a@b.es", tokens[0]);
    }

    [Theory]
    [InlineData("", "replace", "text")]
    [InlineData("   ", "replace", "text")]
    [InlineData("hola", "scramble", "operator")]
    public async Task Bad_requests_get_problem_details_naming_the_field(string text, string redaction, string field)
    {
        var client = await fixture.Portal.ClientForAsync("ana");

        var response = await client.PostAsJsonAsync("/api/v1/dlp/scan", new { text, @operator = redaction });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Oversized_text_is_refused_with_problem_details()
    {
        var response = await (await fixture.Portal.ClientForAsync("ana")).PostAsJsonAsync("/api/v1/dlp/scan", new { text = new string('x', 100_001) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("longer than 100000", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("text")[0].GetString());
    }

    [Fact]
    public async Task Scan_needs_a_bearer_token() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Portal.CreateClient().PostAsJsonAsync("/api/v1/dlp/scan", new { text = "x" })).StatusCode);

    [Fact]
    public async Task Only_an_admin_edits_an_agent_policy_and_only_in_their_own_tenant()
    {
        var policy = new { defaultAction = "redact", overrides = new Dictionary<string, string> { ["SECRET"] = "block" }, version = 0 };

        Assert.Equal(HttpStatusCode.Forbidden, (await (await fixture.Portal.ClientForAsync("ana")).PutAsJsonAsync("/api/v1/agents/neura-7/dlp-policy", policy)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await fixture.Portal.ClientForAsync("ana")).GetAsync("/api/v1/agents/neura-7/dlp-policy")).StatusCode);
        var saved = await (await fixture.Portal.ClientForAsync("diego")).PutAsJsonAsync("/api/v1/agents/neura-7/dlp-policy", policy);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var ownTenant = await (await fixture.Portal.ClientForAsync("diego")).GetFromJsonAsync<JsonElement>("/api/v1/agents/neura-7/dlp-policy");
        var otherTenant = await (await fixture.Portal.ClientForAsync("fabio")).GetFromJsonAsync<JsonElement>("/api/v1/agents/neura-7/dlp-policy");
        Assert.Equal("block", ownTenant.GetProperty("overrides").GetProperty("SECRET").GetString());
        Assert.Empty(otherTenant.GetProperty("overrides").EnumerateObject());
    }

    [Fact]
    public async Task An_invalid_policy_is_refused_field_by_field_and_the_saved_one_is_kept()
    {
        var admin = await fixture.Portal.ClientForAsync("diego");
        await admin.PutAsJsonAsync("/api/v1/agents/neura-8/dlp-policy", new { defaultAction = "redact", overrides = new Dictionary<string, string> { ["IBAN"] = "requireApproval" }, version = 0 });

        var refused = await admin.PutAsJsonAsync("/api/v1/agents/neura-8/dlp-policy",
            new { defaultAction = "shred", overrides = new Dictionary<string, string> { ["PASSPORT"] = "block" }, version = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("defaultAction", out _));
        Assert.True(errors.TryGetProperty("overrides.PASSPORT", out _));
        var kept = await admin.GetFromJsonAsync<JsonElement>("/api/v1/agents/neura-8/dlp-policy");
        Assert.Equal("requireApproval", kept.GetProperty("overrides").GetProperty("IBAN").GetString());
    }

    [Fact]
    public async Task A_launch_whose_input_the_agent_policy_blocks_is_recorded_blocked_and_never_dispatched()
    {
        var execution = await LaunchWhereAgentBlocksAsync("neura-5", "SECRET", "Rota la clave AKIAJQ7Y3ZPLX5WTRM2K hoy");

        Assert.Equal(nameof(ExecutionStatus.Blocked), execution.Status);
        Assert.Equal("Rota la clave <SECRET_1> hoy", execution.Input);
        Assert.DoesNotContain(execution.Timeline, t => t.Kind == TimelineEntryKind.Dispatched);
        // The job is enqueued before the launch answers, so its absence now means none ever will be.
        await using var connection = new Npgsql.NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var jobs = new Npgsql.NpgsqlCommand("select count(*) from hangfire.job where arguments::text like '%' || @id || '%'", connection);
        jobs.Parameters.AddWithValue("id", execution.Id.ToString());
        Assert.Equal(0L, (long)(await jobs.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task An_address_with_a_zero_width_space_inside_is_blocked_by_a_policy_that_blocks_addresses()
    {
        var execution = await LaunchWhereAgentBlocksAsync("neura-6", "EMAIL", "Escribe a ana\u200b@contoso.es hoy");

        Assert.Equal(nameof(ExecutionStatus.Blocked), execution.Status);
        Assert.Equal("Escribe a <EMAIL_1> hoy", execution.Input);
        Assert.DoesNotContain(execution.Timeline, t => t.Kind == TimelineEntryKind.Dispatched);
    }

    /// <summary>The admin sets the agent's policy to block <paramref name="blockedType"/>, then ana launches it.</summary>
    private async Task<ExecutionResource> LaunchWhereAgentBlocksAsync(string agentId, string blockedType, string input)
    {
        await (await fixture.Portal.ClientForAsync("diego")).PutAsJsonAsync($"/api/v1/agents/{agentId}/dlp-policy",
            new { defaultAction = "redact", overrides = new Dictionary<string, string> { [blockedType] = "block" }, version = 0 });
        var response = await (await fixture.Portal.ClientForAsync("ana")).PostAsJsonAsync("/api/v1/executions", new { agentId, input });
        return (await response.Content.ReadFromJsonAsync<ExecutionResource>(PortalFactory.Json))!;
    }
}

public sealed class DlpPolicyConcurrencyTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task A_save_based_on_a_version_someone_else_replaced_is_refused_and_changes_nothing()
    {
        var admin = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Find("diego")!);
        var read = await admin.GetFromJsonAsync<JsonElement>("/api/v1/agents/neura-2/dlp-policy");
        var version = read.GetProperty("version").GetInt64();

        var first = await admin.PutAsJsonAsync("/api/v1/agents/neura-2/dlp-policy",
            new { defaultAction = "redact", overrides = new Dictionary<string, string> { ["EMAIL"] = "allow" }, version });
        var second = await admin.PutAsJsonAsync("/api/v1/agents/neura-2/dlp-policy",
            new { defaultAction = "block", overrides = new Dictionary<string, string>(), version });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(version + 1, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var stored = await admin.GetFromJsonAsync<JsonElement>("/api/v1/agents/neura-2/dlp-policy");
        Assert.Equal("redact", stored.GetProperty("defaultAction").GetString());
        Assert.Equal("allow", stored.GetProperty("overrides").GetProperty("EMAIL").GetString());
    }
}

public sealed class DlpPolicyPageTests(PortalFixture fixture) : PortalComponentTest(fixture, "diego", "en-GB")
{
    [Fact]
    public void Switching_agent_with_unsaved_changes_asks_first_and_keeping_them_stays_on_the_same_agent()
    {
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var page = Render<Econeura.Portal.Features.Dlp.DlpPoliciesPage>();
        page.WaitForElement("[data-testid=dlp-save]");
        var agent = page.FindComponent<MudBlazor.MudSelect<string>>();
        // The agent the select shows: its selected item's text sits in the select's input.
        string? Shown() => page.Find("[data-testid=dlp-agent]").QuerySelector("input")?.GetAttribute("value") ?? page.Find("[data-testid=dlp-agent]").TextContent;
        var first = Shown();
        Assert.Contains("(neura-", first);
        Assert.Empty(page.FindAll("[data-testid=unsaved-changes]"));

        page.InvokeAsync(() => page.FindComponent<MudBlazor.MudSelect<Econeura.Domain.Dlp.DlpAction>>().Instance.ValueChanged.InvokeAsync(Econeura.Domain.Dlp.DlpAction.Block));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=unsaved-changes]")));
        var switching = page.InvokeAsync(() => agent.Instance.ValueChanged.InvokeAsync("neura-2"));

        dialogs.WaitForAssertion(() => Assert.Contains("Discard your changes?", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Keep editing")).Click();
        page.WaitForAssertion(() => Assert.True(switching.IsCompleted));
        Assert.Equal(first, Shown());
        Assert.Single(page.FindAll("[data-testid=unsaved-changes]"));
    }
}
