using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Econeura.Portal.Tests.Approvals;

public sealed class ApprovalsApiTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{

    private async Task<JsonElement> PendingRequestAsync(string requester, string agentId = "neura-8")
    {
        var client = await fixture.Portal.ClientForAsync(requester);
        var launched = await client.PostAsJsonAsync("/api/v1/executions", new { agentId, input = "Revisa la cláusula de confidencialidad" });
        Assert.Equal(HttpStatusCode.Created, launched.StatusCode);
        var execution = (await launched.Content.ReadFromJsonAsync<ExecutionResource>(PortalFactory.Json))!;
        var approver = await fixture.Portal.ClientForAsync("bruno");
        var page = await approver.GetFromJsonAsync<JsonElement>("/api/v1/approvals?pageSize=100");
        return page.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("executionId").GetGuid() == execution.Id);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task An_approver_lists_pending_requests_with_risk_and_reasons_and_decides_one()
    {
        var pending = await PendingRequestAsync("ana");
        var bruno = await fixture.Portal.ClientForAsync("bruno");

        Assert.Equal("Medium", pending.GetProperty("risk").GetString());
        Assert.Equal("AgentRating", pending.GetProperty("reasons")[0].GetProperty("rule").GetString());
        var decided = await bruno.PostAsJsonAsync($"/api/v1/approvals/{pending.GetProperty("id")}/decision", new { decision = "approve" });

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var approval = await decided.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Approved", approval.GetProperty("status").GetString());
        Assert.Equal(["Bruno Martín"], approval.GetProperty("approvedBy").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Deciding_ones_own_request_is_forbidden_with_a_problem_document()
    {
        var pending = await PendingRequestAsync("bruno");

        var own = await (await fixture.Portal.ClientForAsync("bruno")).PostAsJsonAsync($"/api/v1/approvals/{pending.GetProperty("id")}/decision", new { decision = "approve" });

        Assert.Contains("Four-eyes", (await ProblemAsync(own, HttpStatusCode.Forbidden)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("reject", null, "reason")]
    [InlineData("7", null, "decision")]
    [InlineData("Approve, Reject", null, "decision")]
    public async Task A_bad_decision_is_refused_field_by_field_and_changes_nothing(string decision, string? reason, string field)
    {
        var pending = await PendingRequestAsync("ana");
        var bruno = await fixture.Portal.ClientForAsync("bruno");

        var refused = await bruno.PostAsJsonAsync($"/api/v1/approvals/{pending.GetProperty("id")}/decision", new { decision, reason });

        Assert.True((await ProblemAsync(refused, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty(field, out _));
        var still = await bruno.GetFromJsonAsync<JsonElement>($"/api/v1/approvals/{pending.GetProperty("id")}");
        Assert.Equal("Pending", still.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_decision_based_on_a_version_someone_else_moved_is_a_409_and_the_request_keeps_the_first_decision()
    {
        var pending = await PendingRequestAsync("ana", "ciso-access-recertification");
        var id = pending.GetProperty("id");
        var version = pending.GetProperty("version").GetInt64();

        var first = await (await fixture.Portal.ClientForAsync("bruno")).PostAsJsonAsync($"/api/v1/approvals/{id}/decision", new { decision = "approve", version });
        var second = await (await fixture.Portal.ClientForAsync("diego")).PostAsJsonAsync($"/api/v1/approvals/{id}/decision", new { decision = "approve", version });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("1 of 2", (await ProblemAsync(second, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Another_tenants_approver_neither_sees_nor_decides_the_request()
    {
        var pending = await PendingRequestAsync("ana");
        var fabio = await fixture.Portal.ClientForAsync("fabio");

        var list = await fabio.GetFromJsonAsync<JsonElement>("/api/v1/approvals?pageSize=100");
        var get = await fabio.GetAsync($"/api/v1/approvals/{pending.GetProperty("id")}");
        var decide = await fabio.PostAsJsonAsync($"/api/v1/approvals/{pending.GetProperty("id")}/decision", new { decision = "approve" });

        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == pending.GetProperty("id").GetGuid());
        await ProblemAsync(get, HttpStatusCode.NotFound);
        await ProblemAsync(decide, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_user_without_an_approver_role_cannot_reach_the_queue()
    {
        var ana = await fixture.Portal.ClientForAsync("ana");
        Assert.Equal(HttpStatusCode.Forbidden, (await ana.GetAsync("/api/v1/approvals")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ana.PostAsJsonAsync($"/api/v1/approvals/{Guid.NewGuid()}/decision", new { decision = "approve" })).StatusCode);
        // Finance is a group an escalation chain can reach: it gets in, and sees only requests that reached it.
        var carmen = await fixture.Portal.ClientForAsync("carmen");
        Assert.Equal(HttpStatusCode.NotFound,
            (await carmen.PostAsJsonAsync($"/api/v1/approvals/{Guid.NewGuid()}/decision", new { decision = "approve" })).StatusCode);
        Assert.Equal(0, (await carmen.GetFromJsonAsync<JsonElement>("/api/v1/approvals")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_dry_run_says_what_a_request_would_trigger_and_creates_nothing()
    {
        var ana = await fixture.Portal.ClientForAsync("ana");
        var before = (await ana.GetFromJsonAsync<JsonElement>("/api/v1/executions")).GetArrayLength();

        var high = await ana.PostAsJsonAsync("/api/v1/risk/evaluate", new { agentId = "ciso-access-recertification", input = "Revisa accesos" });
        var low = await ana.PostAsJsonAsync("/api/v1/risk/evaluate", new { agentId = "neura-1", input = "Ventas por región" });
        var bad = await ana.PostAsJsonAsync("/api/v1/risk/evaluate", new { agentId = "neura-404", input = "" });

        var highRisk = await high.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("High", 2), (highRisk.GetProperty("risk").GetString(), highRisk.GetProperty("approvalsRequired").GetInt32()));
        Assert.Equal(("Low", 0), ((await low.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("risk").GetString(), 0));
        var problem = await ProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("agentId", out _));
        Assert.Equal(before, (await ana.GetFromJsonAsync<JsonElement>("/api/v1/executions")).GetArrayLength());
    }

    [Fact]
    public async Task Admins_edit_the_risk_policy_with_the_stale_save_check_and_field_errors_and_others_cannot()
    {
        var diego = await fixture.Portal.ClientForAsync("diego");
        var policy = (await diego.GetFromJsonAsync<JsonObject>("/api/v1/risk/policy"))!;
        var version = policy["version"]!.GetValue<long>();

        policy["policy"]!["medium"]!["approvalsRequired"] = 9;
        var invalid = await diego.PutAsJsonAsync("/api/v1/risk/policy", policy);
        policy["policy"]!["medium"]!["approvalsRequired"] = 1;
        policy["policy"]!["costThresholdEur"] = 2.5m;
        var saved = await diego.PutAsJsonAsync("/api/v1/risk/policy", policy);
        policy["version"] = version + 5;
        var future = await diego.PutAsJsonAsync("/api/v1/risk/policy", policy);
        policy["version"] = version;
        var stale = await diego.PutAsJsonAsync("/api/v1/risk/policy", policy);

        Assert.True((await ProblemAsync(invalid, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("policy.medium.approvalsRequired", out _));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(2.5m, (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("policy").GetProperty("costThresholdEur").GetDecimal());
        await ProblemAsync(future, HttpStatusCode.Conflict);
        await ProblemAsync(stale, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await fixture.Portal.ClientForAsync("bruno")).GetAsync("/api/v1/risk/policy")).StatusCode);
    }
}
