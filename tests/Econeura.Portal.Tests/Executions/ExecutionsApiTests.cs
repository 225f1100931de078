using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Econeura.Portal.Tests.Executions;

public sealed class ExecutionsApiTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private static readonly DevelopmentPersona Ana = DevelopmentPersonas.Find("ana")!;

    private async Task<ExecutionResource> LaunchAsync(DevelopmentPersona persona, string input)
    {
        var client = await fixture.Portal.ClientForAsync(persona);
        var response = await client.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-10", input });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(response.Headers.Location);
        return (await response.Content.ReadFromJsonAsync<ExecutionResource>(PortalFactory.Json))!;
    }

    /// <summary>
    /// One CSV row of 800 SSN-shaped fields makes DLP's column look-back reread the row for every field: more work than
    /// its length allows, on any machine. The requester reads why in the timeline.
    /// </summary>
    [Fact]
    public async Task A_launch_blocked_because_its_scan_could_not_finish_says_why_in_the_timeline()
    {
        var row = string.Join(",", Enumerable.Repeat("279471102", 800));

        var launched = await LaunchAsync(Ana, row);

        Assert.Equal(nameof(ExecutionStatus.Blocked), launched.Status);
        var blocked = Assert.Single(launched.Timeline, step => step.Kind == TimelineEntryKind.Blocked);
        Assert.Equal(new PolicyReason(PolicyReasonCode.ScanOverBudget, null, 0, DlpAction.Block).Message, blocked.Detail);
        Assert.Equal("", launched.Input);
    }

    [Fact]
    public async Task A_launch_blocked_by_the_agents_policy_names_what_was_found_in_the_timeline()
    {
        var diego = await fixture.Portal.ClientForAsync("diego");
        (await diego.PutAsJsonAsync("/api/v1/agents/neura-5/dlp-policy",
            new { defaultAction = "redact", overrides = new Dictionary<string, string> { ["SECRET"] = "block" }, version = 0 })).EnsureSuccessStatusCode();
        var ana = await fixture.Portal.ClientForAsync(Ana);

        var response = await ana.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-5", input = "Usa la clave AKIAJQ7Y3ZPLX5WTRM2K" });

        var launched = (await response.Content.ReadFromJsonAsync<ExecutionResource>(PortalFactory.Json))!;
        var blocked = Assert.Single(launched.Timeline, step => step.Kind == TimelineEntryKind.Blocked);
        Assert.Equal("SECRET found (1): blocked by policy", blocked.Detail);
    }

    [Fact]
    public async Task Without_a_bearer_token_the_api_answers_401()
    {
        var client = fixture.Portal.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/executions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/agents")).StatusCode);
    }

    [Fact]
    public async Task A_token_with_a_wrong_signature_is_refused()
    {
        var client = fixture.Portal.CreateClient();
        var token = (await fixture.Portal.ClientForAsync(Ana)).DefaultRequestHeaders.Authorization!.Parameter!;
        client.DefaultRequestHeaders.Authorization = new("Bearer", token[..^4] + (token.EndsWith("AAAA") ? "BBBB" : "AAAA"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/executions")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_gets_problem_details_per_field_and_stores_nothing()
    {
        var client = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Find("carmen")!);

        var response = await client.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-99", input = new string('x', 8_001) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("No agent with this id exists in your catalog.", problem.GetProperty("errors").GetProperty("agentId")[0].GetString());
        Assert.Contains("longer than 8000", problem.GetProperty("errors").GetProperty("input")[0].GetString());
        await using var session = fixture.Store.QuerySession(DevelopmentPersonas.Contoso.Id);
        Assert.Equal(0, await session.Query<ExecutionView>().CountAsync(v => v.RequestedBy == "dev-carmen"));
    }

    [Fact]
    public async Task Another_tenant_cannot_read_an_execution_nor_see_it_listed()
    {
        var launched = await LaunchAsync(Ana, "Investiga el mercado de baterías");
        var elena = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Find("elena")!);
        var fabio = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Find("fabio")!); // an admin of the other tenant

        Assert.Equal(HttpStatusCode.NotFound, (await elena.GetAsync($"/api/v1/executions/{launched.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fabio.GetAsync($"/api/v1/executions/{launched.Id}")).StatusCode);
        var listed = await fabio.GetFromJsonAsync<ExecutionResource[]>("/api/v1/executions", PortalFactory.Json);
        Assert.DoesNotContain(listed!, e => e.Id == launched.Id);
    }

    [Fact]
    public async Task A_user_sees_only_their_own_executions_and_an_admin_of_the_tenant_sees_all()
    {
        var launched = await LaunchAsync(Ana, "Analiza la competencia");
        var bruno = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Find("bruno")!);
        var diego = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Find("diego")!);
        var ana = await fixture.Portal.ClientForAsync(Ana);

        Assert.Equal(HttpStatusCode.NotFound, (await bruno.GetAsync($"/api/v1/executions/{launched.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await diego.GetAsync($"/api/v1/executions/{launched.Id}")).StatusCode);
        Assert.Contains((await ana.GetFromJsonAsync<ExecutionResource[]>("/api/v1/executions", PortalFactory.Json))!, e => e.Id == launched.Id);
    }

    [Fact]
    public async Task The_launched_execution_completes_and_reads_back_with_its_timeline()
    {
        var launched = await LaunchAsync(Ana, "Busca fuentes sobre hidrógeno verde");
        var client = await fixture.Portal.ClientForAsync(Ana);

        var done = await Eventually.Until(
            async () => (await client.GetFromJsonAsync<ExecutionResource>($"/api/v1/executions/{launched.Id}", PortalFactory.Json))!,
            e => e.Status == "Completed", "the execution to complete");

        Assert.Equal("neura-10", done.AgentId);
        Assert.Equal(TimelineEntryKind.Completed, done.Timeline[^1].Kind);
        Assert.NotNull(done.Output);
    }

    [Fact]
    public async Task The_agent_catalog_lists_the_eleven_lead_neuras_and_their_task_agents()
    {
        var client = await fixture.Portal.ClientForAsync(Ana);

        var agents = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/agents");

        var leads = agents!.Where(a => a.GetProperty("isLead").GetBoolean()).Select(a => a.GetProperty("id").GetString()!).ToHashSet();
        Assert.Equal(Enumerable.Range(1, 11).Select(n => $"neura-{n}").ToHashSet(), leads);
        Assert.Contains(agents!, a => a.GetProperty("id").GetString() == "cfo-treasury" && a.GetProperty("department").GetString() == "cfo");
        Assert.All(agents!, a => Assert.Equal("simulator", a.GetProperty("route").GetString()));
    }
}

public sealed class ExecutionsApiPagingTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task The_list_pages_filters_by_status_and_day_says_the_total_and_refuses_nonsense_with_a_problem()
    {
        var elena = PortalFixture.User("elena");
        // Requested moments ago: an execution requested minutes ago with no job is taken for stalled and handed one.
        var now = DateTimeOffset.UtcNow;
        var today = now.ToString("yyyy-MM-dd");
        for (var i = 0; i < 5; i++) await fixture.RequestWithoutJobAsync(elena, "neura-2", "cdo", now.AddMilliseconds(-i));
        await fixture.RequestWithoutJobAsync(elena, "neura-2", "cdo", now.AddDays(-3));
        var api = await fixture.Portal.ClientForAsync("elena");

        var first = await api.GetAsync($"/api/v1/executions?status=requested&from={today}&to={today}&pageSize=2");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("5", first.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(2, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        Assert.Contains("page=2", first.Headers.GetValues("Link").Single());
        var last = await api.GetFromJsonAsync<JsonElement>($"/api/v1/executions?status=requested&from={today}&to={today}&pageSize=2&page=3");
        Assert.Equal(1, last.GetArrayLength());
        Assert.Equal(6, (await api.GetFromJsonAsync<JsonElement>("/api/v1/executions?agent=neura-2")).GetArrayLength());
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>("/api/v1/executions?agent=neura-3")).GetArrayLength());

        var nonsense = await api.GetAsync("/api/v1/executions?status=sleeping&from=yesterday&pageSize=1000");
        Assert.Equal(HttpStatusCode.BadRequest, nonsense.StatusCode);
        var errors = (await nonsense.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["from", "pageSize", "status"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }
}
