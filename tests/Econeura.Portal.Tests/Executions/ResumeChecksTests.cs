using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Econeura.Domain.Dlp;

namespace Econeura.Portal.Tests.Executions;

/// <summary>
/// What was screened when a run was requested may have changed by its turn (after a wait for approvers or in the
/// queue): its agent switched off, its agent's DLP policy tightened. Nothing is sent then, and the reason is on its timeline.
/// </summary>
public sealed class ResumeChecksTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");

    private async Task<List<object>> DispatchedAsync(Guid id)
    {
        await fixture.Service<DispatchExecutionJob>().DispatchAsync(Ana.TenantId, id, null, $"job-{id:N}", CancellationToken.None);
        await using var session = fixture.Store.QuerySession(Ana.TenantId);
        return [.. (await session.Events.FetchStreamAsync(id)).Select(e => e.Data)];
    }

    private static void NothingWasSent(List<object> events, FailureCause cause)
    {
        Assert.DoesNotContain(events, e => e is ExecutionDispatched or AgentResponded or CostRecorded);
        Assert.Equal(cause, Assert.IsType<ExecutionFailed>(events[^1]).Cause);
    }

    [Fact]
    public async Task A_run_whose_agent_was_switched_off_while_it_waited_sends_nothing_and_says_why()
    {
        var waiting = await fixture.RequestWithoutJobAsync(Ana, "neura-2", "cdo");
        var diego = await fixture.Portal.ClientForAsync("diego");
        var agent = JsonNode.Parse(await diego.GetStringAsync("/api/v1/admin/agents"))!.AsArray()
            .Single(a => (string?)a!["agent"]!["id"] == "neura-2")!["agent"]!;
        agent["enabled"] = false;
        Assert.Equal(HttpStatusCode.OK, (await diego.PutAsJsonAsync("/api/v1/admin/agents/neura-2", agent)).StatusCode);

        NothingWasSent(await DispatchedAsync(waiting), FailureCause.AgentUnavailable);
        var view = await ViewAsync(waiting);
        Assert.Equal(ExecutionStatus.Failed, view.Status);
        Assert.Contains(view.Timeline, entry => entry.Kind == TimelineEntryKind.Failed);
    }

    [Fact]
    public async Task A_run_whose_input_holds_data_the_agents_dlp_policy_now_blocks_sends_nothing_and_says_why()
    {
        var waiting = await fixture.RequestWithoutJobAsync(Ana, "neura-3", "cfo", input: "Escribe a <EMAIL_1>", findings: [new Finding(EntityType.EMAIL, 11, 9, 0.95)]);
        var other = await fixture.RequestWithoutJobAsync(Ana, "neura-3", "cfo", input: "Resume el trimestre");
        var diego = await fixture.Portal.ClientForAsync("diego");
        var version = (await diego.GetFromJsonAsync<JsonElement>("/api/v1/agents/neura-3/dlp-policy")).GetProperty("version").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await diego.PutAsJsonAsync("/api/v1/agents/neura-3/dlp-policy",
            new { defaultAction = "block", overrides = new Dictionary<string, string>(), version })).StatusCode);

        var events = await DispatchedAsync(waiting);
        NothingWasSent(events, FailureCause.DlpPolicyChanged);
        Assert.Contains("EMAIL", ((ExecutionFailed)events[^1]).Reason);
        // A run with nothing the new policy blocks goes ahead.
        Assert.Contains(await DispatchedAsync(other), e => e is ExecutionDispatched);
    }

    private async Task<ExecutionView> ViewAsync(Guid id)
    {
        await using var session = fixture.Store.QuerySession(Ana.TenantId);
        return (await session.LoadAsync<ExecutionView>(id))!;
    }
}
