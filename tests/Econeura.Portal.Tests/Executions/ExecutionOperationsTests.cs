using Econeura.Portal.Tests.Approvals;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Executions;

public sealed class ExecutionOperationsTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly PortalUser Diego = PortalFixture.User("diego");

    private async Task<ExecutionView> ViewAsync(Guid id)
    {
        await using var session = fixture.Store.QuerySession(Ana.TenantId);
        return Assert.IsType<ExecutionView>(await session.LoadAsync<ExecutionView>(id));
    }

    private Task<Guid> FailedExecutionAsync(string agentId = "neura-1", string department = "analytics") =>
        fixture.FailedExecutionAsync(Ana, agentId, department);

    [Fact]
    public async Task An_admin_retries_a_failed_execution_and_it_completes_with_a_fresh_round_of_attempts()
    {
        var id = await FailedExecutionAsync();

        var response = await (await fixture.Portal.ClientForAsync("diego")).PostAsync($"/api/v1/executions/{id}/retry", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var done = await Eventually.Until(() => ViewAsync(id), view => view.Status == ExecutionStatus.Completed, "the retried execution to complete");
        Assert.Equal(ExecutionDecisions.MaxAttempts + 1, done.Attempts);
        Assert.Null(done.FailureReason);
        Assert.Contains(done.Timeline, entry => entry is { Kind: TimelineEntryKind.Retried, Actor: "Diego Fernández" });
    }

    [Fact]
    public async Task Only_a_failed_execution_is_retried_and_only_by_an_admin_of_its_tenant_or_its_requester()
    {
        var failed = await FailedExecutionAsync();
        var completed = await FailedExecutionAsync();
        await fixture.Service<ExecutionOperations>().RetryAsync(Diego, completed);
        await Eventually.Until(() => ViewAsync(completed), view => view.Status == ExecutionStatus.Completed, "the first retry to complete");

        var byOtherUser = await (await fixture.Portal.ClientForAsync("bruno")).PostAsync($"/api/v1/executions/{failed}/retry", null);
        var byOtherTenantAdmin = await (await fixture.Portal.ClientForAsync("fabio")).PostAsync($"/api/v1/executions/{failed}/retry", null);
        var ofCompleted = await (await fixture.Portal.ClientForAsync("diego")).PostAsync($"/api/v1/executions/{completed}/retry", null);

        Assert.Equal(HttpStatusCode.NotFound, byOtherUser.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byOtherTenantAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, ofCompleted.StatusCode);
        Assert.Equal(ExecutionStatus.Failed, (await ViewAsync(failed)).Status);
    }

    [Fact]
    public async Task A_requester_retries_their_own_run_that_the_agent_failed_but_not_one_whose_input_was_not_the_approved_one()
    {
        var agentFailed = await FailedExecutionAsync();
        var tampered = await fixture.RequestWithoutJobAsync(Ana, "neura-1", "analytics");
        await using (var session = fixture.Store.LightweightSession(Ana.TenantId))
        {
            session.Events.Append(tampered, new ExecutionFailed(tampered, "Changed", DateTimeOffset.UtcNow, FailureCause.InputChangedAfterApproval));
            await session.SaveChangesAsync();
        }
        var ana = await fixture.Portal.ClientForAsync("ana");

        var retried = await ana.PostAsync($"/api/v1/executions/{agentFailed}/retry", null);
        var refused = await ana.PostAsync($"/api/v1/executions/{tampered}/retry", null);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var done = await Eventually.Until(() => ViewAsync(agentFailed), view => view.Status == ExecutionStatus.Completed, "the requester's retry to complete");
        Assert.Contains(done.Timeline, entry => entry is { Kind: TimelineEntryKind.Retried, Actor: "Ana García" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(ExecutionStatus.Failed, (await ViewAsync(tampered)).Status);
    }

    [Fact]
    public async Task A_retry_is_refused_while_the_departments_budget_stops_new_spending()
    {
        var id = await FailedExecutionAsync("neura-4", "legal");
        var settings = fixture.Service<FinOpsSettingsStore>();
        var budget = await settings.BudgetAsync(Ana.TenantId, "legal");
        budget.LimitEur = 0.0001m;
        budget.AtLimit = Econeura.Domain.FinOps.BudgetAtLimit.Block;
        Assert.True(await settings.SaveBudgetAsync(Ana.TenantId, budget, Diego));
        var today = (await fixture.Service<BudgetStandings>().ForAsync(Ana.TenantId, new BudgetedRun("legal", "neura-4", Ana.UserId, Ana.DisplayName))).Today;
        await using (var session = fixture.Store.LightweightSession(Ana.TenantId))
        {
            var spent = await fixture.RequestWithoutJobAsync(Ana, "neura-4", "legal");
            session.Events.Append(spent, new Econeura.Domain.FinOps.CostRecorded(spent, 1, "neura-4", "legal", Ana.UserId, Ana.DisplayName, "gpt-4o", 100, 100, 0.01m,
                new DateOnly(2025, 1, 1), today, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        var outcome = await fixture.Service<ExecutionOperations>().RetryAsync(Diego, id);

        Assert.Equal(OperationRefusal.BudgetExhausted, Assert.IsType<OperationOutcome.Refused>(outcome).Why);
        Assert.Equal(ExecutionStatus.Failed, (await ViewAsync(id)).Status);
    }

    [Fact]
    public async Task The_requester_cancels_a_request_waiting_for_approval_and_it_leaves_the_approvers_queue_in_the_same_commit()
    {
        var launched = Assert.IsType<LaunchResult.Launched>(await fixture.Service<ExecutionLauncher>().LaunchAsync(Ana, "neura-8", "Revisa esta cláusula"));

        var response = await (await fixture.Portal.ClientForAsync("ana")).PostAsync($"/api/v1/executions/{launched.ExecutionId}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(nameof(ExecutionStatus.Cancelled), (await response.Content.ReadFromJsonAsync<ExecutionResource>(PortalFactory.Json))!.Status);
        var approval = await fixture.Service<ApprovalQueries>().CurrentRequestAsync(Ana.TenantId, launched.ExecutionId);
        Assert.Equal(ApprovalStatus.Withdrawn, approval!.Status);
        Assert.DoesNotContain((await fixture.Service<ApprovalQueries>().PendingAsync(PortalFixture.User("bruno"), 1, 100)).Items, pending => pending.ExecutionId == launched.ExecutionId);
    }

    [Fact]
    public async Task Nobody_else_cancels_someone_elses_request_and_nothing_sent_can_be_cancelled()
    {
        var waiting = await fixture.RequestWithoutJobAsync(Ana, "neura-1", "analytics");
        var sent = await FailedExecutionAsync();

        var byColleague = await (await fixture.Portal.ClientForAsync("carmen")).PostAsync($"/api/v1/executions/{waiting}/cancel", null);
        var byOtherTenant = await (await fixture.Portal.ClientForAsync("fabio")).PostAsync($"/api/v1/executions/{waiting}/cancel", null);
        var ofSent = await (await fixture.Portal.ClientForAsync("diego")).PostAsync($"/api/v1/executions/{sent}/cancel", null);

        Assert.Equal(HttpStatusCode.NotFound, byColleague.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byOtherTenant.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, ofSent.StatusCode);
        Assert.Equal(ExecutionStatus.Requested, (await ViewAsync(waiting)).Status);
    }

    [Fact]
    public async Task The_attention_list_sorts_failed_stalled_and_waiting_executions_for_the_tenants_admin_only()
    {
        var failed = await FailedExecutionAsync();
        var stalled = await fixture.RequestWithoutJobAsync(Ana, "neura-1", "analytics", DateTimeOffset.UtcNow.AddMinutes(-10));
        var waiting = await fixture.RequestWithoutJobAsync(Ana, "neura-1", "analytics");
        var attention = fixture.Service<ExecutionAttention>();
        var now = DateTimeOffset.UtcNow;

        var rows = await attention.ListAsync(Diego);

        Assert.Equal(AttentionKind.Failed, ExecutionAttention.KindOf(rows.Single(r => r.Id == failed), now));
        Assert.Equal(AttentionKind.Stalled, ExecutionAttention.KindOf(rows.Single(r => r.Id == stalled), now));
        Assert.Equal(AttentionKind.Waiting, ExecutionAttention.KindOf(rows.Single(r => r.Id == waiting), now));
        Assert.Empty(await attention.ListAsync(Ana));
        Assert.DoesNotContain(await attention.ListAsync(PortalFixture.User("fabio")), r => r.TenantId == Ana.TenantId);
    }
}
