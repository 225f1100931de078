using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Econeura.Portal.Tests.Approvals;

/// <summary>The human in the loop on a real database: risk, quorum, four-eyes, rejection, racing approvers and deadlines.</summary>
public sealed class ApprovalFlowTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly PortalUser Bruno = PortalFixture.User("bruno");
    private static readonly PortalUser Diego = PortalFixture.User("diego");

    // Rated high in the seed: two approvers. The legal lead is rated medium: one.
    private const string HighRiskAgent = "ciso-access-recertification";
    private const string MediumRiskAgent = "neura-8";

    private async Task<(Guid ExecutionId, ApprovalView Approval)> RequestAsync(PortalUser user, string agentId, string input = "Revisa los accesos del equipo de compras")
    {
        var launched = Assert.IsType<LaunchResult.Launched>(await fixture.Service<ExecutionLauncher>().LaunchAsync(user, agentId, input));
        var approval = await fixture.Service<ApprovalQueries>().CurrentRequestAsync(user.TenantId, launched.ExecutionId);
        return (launched.ExecutionId, Assert.IsType<ApprovalView>(approval));
    }

    private async Task<ExecutionView> ExecutionAsync(Guid id)
    {
        await using var session = fixture.Store.QuerySession(Ana.TenantId);
        return Assert.IsType<ExecutionView>(await session.LoadAsync<ExecutionView>(id));
    }

    private async Task<IReadOnlyList<Type>> EventsAsync(Guid streamId)
    {
        await using var session = fixture.Store.QuerySession(Ana.TenantId);
        return (await session.Events.FetchStreamAsync(streamId)).Select(e => e.EventType).ToList();
    }

    private Task<DecisionOutcome> DecideAsync(PortalUser approver, ApprovalView seen, ApprovalVerdict verdict, string? reason = null) =>
        fixture.Service<ApprovalDesk>().DecideAsync(approver, seen.Id, verdict, reason, seen.Version, seen.PayloadHash);

    [Fact]
    public async Task A_high_risk_launch_waits_for_two_distinct_approvers_then_runs_to_completed()
    {
        var (executionId, approval) = await RequestAsync(Ana, HighRiskAgent);

        Assert.Equal((RiskLevel.High, 2, ApprovalStatus.Pending), (approval.Risk, approval.ApprovalsRequired, approval.Status));
        Assert.Equal(ExecutionStatus.AwaitingApproval, (await ExecutionAsync(executionId)).Status);

        var first = Assert.IsType<DecisionOutcome.Decided>(await DecideAsync(Bruno, approval, ApprovalVerdict.Approve));
        Assert.Equal((1, ApprovalStatus.Pending), (first.Approval.ApprovalCount, first.Approval.Status));
        Assert.Equal(ExecutionStatus.AwaitingApproval, (await ExecutionAsync(executionId)).Status);

        var second = Assert.IsType<DecisionOutcome.Decided>(await DecideAsync(Diego, first.Approval, ApprovalVerdict.Approve, "Ticket CHG-1042"));
        Assert.Equal(ApprovalStatus.Approved, second.Approval.Status);

        var done = await Eventually.Until(() => ExecutionAsync(executionId), e => e.IsFinished(), "the approved execution to finish");
        Assert.Equal(ExecutionStatus.Completed, done.Status);
        Assert.Equal(["Bruno Martín", "Diego Fernández"], done.ApprovedBy);
        Assert.Equal(
            [typeof(ExecutionRequested), typeof(ApprovalRequired), typeof(ExecutionApproved), typeof(ExecutionDispatched), typeof(AgentResponded), typeof(Econeura.Domain.FinOps.CostRecorded), typeof(ExecutionCompleted)],
            await EventsAsync(executionId));
    }

    [Fact]
    public async Task Four_eyes_the_requester_cannot_decide_their_own_request_even_as_an_approver()
    {
        var (_, approval) = await RequestAsync(Diego, MediumRiskAgent);

        var own = await DecideAsync(Diego, approval, ApprovalVerdict.Approve);

        Assert.Equal(ApprovalRefusal.OwnRequest, Assert.IsType<DecisionOutcome.Refused>(own).Why);
        Assert.Equal([typeof(ApprovalRequested)], await EventsAsync(approval.Id));
        Assert.IsType<DecisionOutcome.Decided>(await DecideAsync(Bruno, approval, ApprovalVerdict.Approve));
    }

    [Fact]
    public async Task A_rejection_ends_the_request_and_its_execution_with_the_reason_and_nothing_is_sent()
    {
        var (executionId, approval) = await RequestAsync(Ana, HighRiskAgent);

        var rejected = await DecideAsync(Bruno, approval, ApprovalVerdict.Reject, "Falta el ticket de cambio");

        Assert.Equal(ApprovalStatus.Rejected, Assert.IsType<DecisionOutcome.Decided>(rejected).Approval.Status);
        var execution = await ExecutionAsync(executionId);
        Assert.Equal((ExecutionStatus.Rejected, "Bruno Martín", "Falta el ticket de cambio"), (execution.Status, execution.RejectedBy, execution.FailureReason));
        Assert.DoesNotContain(typeof(ExecutionDispatched), await EventsAsync(executionId));
    }

    [Fact]
    public async Task A_reason_with_personal_data_is_kept_redacted()
    {
        var (_, approval) = await RequestAsync(Ana, MediumRiskAgent);

        var rejected = await DecideAsync(Bruno, approval, ApprovalVerdict.Reject, "Habla antes con marta.ruiz@contoso.es");

        Assert.Equal("Habla antes con <EMAIL_1>", Assert.IsType<DecisionOutcome.Decided>(rejected).Approval.RejectionReason);
    }

    [Fact]
    public async Task Two_approvers_deciding_the_same_request_at_once_record_exactly_one_decision_every_time()
    {
        for (var round = 0; round < 50; round++)
        {
            var (executionId, approval) = await RequestAsync(Ana, MediumRiskAgent, $"Consulta legal {round}");

            var outcomes = await Task.WhenAll(
                Task.Run(() => DecideAsync(Bruno, approval, ApprovalVerdict.Approve)),
                Task.Run(() => DecideAsync(Diego, approval, ApprovalVerdict.Reject, "Sin contexto")));

            Assert.Single(outcomes, o => o is DecisionOutcome.Decided);
            var loser = Assert.IsType<DecisionOutcome.Conflict>(Assert.Single(outcomes, o => o is not DecisionOutcome.Decided));
            Assert.NotEqual(ApprovalStatus.Pending, loser.Approval.Status);
            var decisions = (await EventsAsync(approval.Id)).Count(t => t == typeof(ApprovalGranted) || t == typeof(ApprovalRejected));
            Assert.Equal(1, decisions);
            Assert.Equal(1, (await EventsAsync(executionId)).Count(t => t == typeof(ExecutionApproved) || t == typeof(ExecutionRejected)));
        }
    }

    private ApprovalDeadlinesJob JobAt(TimeSpan later) =>
        new(fixture.Store, fixture.Service<IApprovalSettlement>(), new ShiftedTime(later), NullLogger<ApprovalDeadlinesJob>.Instance);

    [Fact]
    public async Task A_request_escalates_after_its_first_deadline_and_then_admins_may_decide_it()
    {
        var (_, approval) = await RequestAsync(Ana, MediumRiskAgent);
        var fabioLikeAdmin = Diego with { UserId = "dev-admin-only", Roles = new HashSet<string> { AppRoles.User, AppRoles.Admin } };

        var before = await DecideAsync(fabioLikeAdmin, approval, ApprovalVerdict.Approve);
        await JobAt(RiskPolicy.Default.Medium.EscalateAfter + TimeSpan.FromMinutes(1)).CheckAsync(Ana.TenantId, approval.Id, CancellationToken.None);
        var escalated = Assert.IsType<ApprovalView>(await fixture.Service<ApprovalQueries>().FindAsync(Bruno, approval.Id));

        Assert.Equal(ApprovalRefusal.NotEscalatedYet, Assert.IsType<DecisionOutcome.Refused>(before).Why);
        Assert.True(escalated.Escalated);
        Assert.IsType<DecisionOutcome.Decided>(await DecideAsync(fabioLikeAdmin, escalated, ApprovalVerdict.Approve));
    }

    [Fact]
    public async Task A_deadline_job_that_runs_twice_at_once_expires_the_request_once()
    {
        var (executionId, approval) = await RequestAsync(Ana, HighRiskAgent);
        var late = RiskPolicy.Default.High.ExpireAfter + TimeSpan.FromMinutes(1);

        await Task.WhenAll(
            JobAt(late).CheckAsync(Ana.TenantId, approval.Id, CancellationToken.None),
            JobAt(late).CheckAsync(Ana.TenantId, approval.Id, CancellationToken.None));
        await JobAt(late).CheckAsync(Ana.TenantId, approval.Id, CancellationToken.None);

        Assert.Single(await EventsAsync(approval.Id), t => t == typeof(ApprovalExpired));
        Assert.Single(await EventsAsync(executionId), t => t == typeof(ExecutionExpired));
        Assert.Equal(ExecutionStatus.Expired, (await ExecutionAsync(executionId)).Status);
    }

    [Fact]
    public async Task Expiry_after_approval_does_nothing()
    {
        var (executionId, approval) = await RequestAsync(Ana, MediumRiskAgent);
        Assert.IsType<DecisionOutcome.Decided>(await DecideAsync(Bruno, approval, ApprovalVerdict.Approve));
        var before = await EventsAsync(approval.Id);

        await JobAt(TimeSpan.FromDays(3)).CheckAsync(Ana.TenantId, approval.Id, CancellationToken.None);

        Assert.Equal(before, await EventsAsync(approval.Id));
        Assert.DoesNotContain(typeof(ExecutionExpired), await EventsAsync(executionId));
    }
}

internal static class ExecutionViewAssertions
{
    public static bool IsFinished(this ExecutionView view) =>
        view.Status is ExecutionStatus.Completed or ExecutionStatus.Failed or ExecutionStatus.Blocked
            or ExecutionStatus.Rejected or ExecutionStatus.Expired or ExecutionStatus.Cancelled;
}
