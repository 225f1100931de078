using Econeura.Domain.Common;
using Econeura.Domain.Agents;
using Econeura.Domain.Approvals;
using Econeura.Domain.Dlp;
using Econeura.Domain.Executions;

namespace Econeura.Domain.Tests.Executions;

/// <summary>An execution that people must approve first: held, then released, refused or ended.</summary>
public sealed class ApprovalPathTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0193a1b2-0000-7000-8000-000000000003");
    private static readonly Guid ApprovalId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000a3");

    private static readonly AgentDefinition Cfo = new()
    {
        Id = "neura-3", Name = "NEURA CFO", Department = "cfo", Description = "Finance", IsLead = true,
    };

    private static Execution Plain() => Execution.Fold([
        new ExecutionRequested(Id, "tenant-a", "neura-3", "NEURA CFO", "cfo", "user-1", "Ana", "hola", [], "corr-1", Now),
    ]);

    private static RequestedExecution RequestAs(RiskLevel level, int approvals)
    {
        var dlp = DlpEngine.Process("Revisa los accesos de marta@contoso.es", DlpPolicy.Default, RedactionOperator.Replace);
        var risk = new RiskAssessment(level, [new RiskReason(RiskRule.AgentRating, level)], approvals, TimeSpan.FromHours(2), TimeSpan.FromHours(8));
        return ExecutionDecisions.Request(Cfo, new RequestExecution(Id, "tenant-a", "user-1", "Ana", "Revisa los accesos de marta@contoso.es", "corr-1", ApprovalId),
            new Screening(dlp, risk, 0.02m), Now);
    }

    [Fact]
    public void A_request_whose_risk_needs_approvers_waits_and_opens_an_approval_bound_to_the_redacted_payload()
    {
        var requested = RequestAs(RiskLevel.High, 2);

        var required = Assert.IsType<ApprovalRequired>(requested.ExecutionEvents[1]);
        Assert.Equal((ApprovalId, 2), (required.ApprovalId, required.ApprovalsRequired));
        var approval = Assert.IsType<ApprovalRequested>(requested.Approval);
        Assert.Equal("Revisa los accesos de <EMAIL_1>", approval.RedactedInput);
        Assert.Equal(ApprovalPayload.Hash("neura-3", "Revisa los accesos de <EMAIL_1>"), approval.PayloadHash);
        Assert.Equal((Now.AddHours(2), Now.AddHours(8), RiskLevel.High), (approval.EscalateAt, approval.ExpireAt, approval.Risk));
        Assert.Equal([new Replacement(EntityType.EMAIL, 22, 9)], approval.Placeholders);
        Assert.Empty(ExecutionDecisions.Dispatch(Execution.Fold(requested.ExecutionEvents), "job", Now));
    }

    [Fact]
    public void A_request_that_needs_nobody_opens_no_approval()
    {
        var requested = RequestAs(RiskLevel.Low, 0);

        Assert.Null(requested.Approval);
        Assert.Single(requested.ExecutionEvents);
    }

    [Fact]
    public void Once_approved_the_execution_is_dispatched_with_the_payload_its_approvers_saw()
    {
        var waiting = Execution.Fold(RequestAs(RiskLevel.Medium, 1).ExecutionEvents);
        var approved = waiting.After([new ExecutionApproved(Id, ApprovalId, waiting.PayloadHash, ["Bruno"], Now)]);

        Assert.Equal(ExecutionStatus.Requested, approved.Status);
        Assert.Equal([new ExecutionDispatched(Id, 1, "job-1", Now)], ExecutionDecisions.Dispatch(approved, "job-1", Now));
    }

    [Fact]
    public void An_execution_approved_for_another_payload_is_never_sent()
    {
        var waiting = Execution.Fold(RequestAs(RiskLevel.Medium, 1).ExecutionEvents);
        var approvedElse = waiting.After([new ExecutionApproved(Id, ApprovalId, ApprovalPayload.Hash("neura-3", "other"), ["Bruno"], Now)]);

        var failed = Assert.IsType<ExecutionFailed>(Assert.Single(ExecutionDecisions.Dispatch(approvedElse, "job-1", Now)));
        Assert.Contains("differs from the one that was approved", failed.Reason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_rejected_or_expired_execution_is_final_and_never_dispatched(bool rejected)
    {
        var waiting = Execution.Fold(RequestAs(RiskLevel.Medium, 1).ExecutionEvents);
        object ending = rejected ? new ExecutionRejected(Id, ApprovalId, "Bruno", "no", Now) : new ExecutionExpired(Id, ApprovalId, Now);

        var ended = waiting.After([ending]);

        Assert.True(ended.IsFinished);
        Assert.Equal(rejected ? ExecutionStatus.Rejected : ExecutionStatus.Expired, ended.Status);
        Assert.Empty(ExecutionDecisions.Dispatch(ended, "job", Now));
    }

    private static Approval Asked() => Approval.Start(RequestAs(RiskLevel.High, 2).Approval!);

    private static readonly DateTimeOffset Decided = Now.AddMinutes(10);

    private static IReadOnlyList<object> Follow(Approval approval, ApprovalDecision decision) =>
        ExecutionDecisions.FollowApproval(approval, Assert.IsType<ApprovalDecision.Taken>(decision).ApprovalEvents);

    private static DecideApproval Approve(Approval approval, string approver) =>
        new(approver, approver.ToUpperInvariant(), new HashSet<ApproverGroup> { ApproverGroup.Approvers }, ApprovalVerdict.Approve, null, approval.PayloadHash);

    [Fact]
    public void The_approval_that_completes_the_quorum_releases_the_execution_with_the_approved_payload_and_who_approved()
    {
        var asked = Asked();
        var first = ApprovalDecisions.Decide(asked, Approve(asked, "bruno"), Now);
        var granted = asked.After(Assert.IsType<ApprovalDecision.Taken>(first).ApprovalEvents);

        Assert.Empty(Follow(asked, first));
        var approved = Assert.IsType<ExecutionApproved>(Assert.Single(Follow(granted, ApprovalDecisions.Decide(granted, Approve(granted, "diego"), Decided))));
        Assert.Equal((Id, ApprovalId, asked.PayloadHash, Decided), (approved.ExecutionId, approved.ApprovalId, approved.PayloadHash, approved.ApprovedAt));
        Assert.Equal(["BRUNO", "DIEGO"], approved.ApprovedBy);
    }

    [Fact]
    public void A_rejection_ends_the_execution_with_who_rejected_and_why()
    {
        var rejection = new DecideApproval("diego", "DIEGO", new HashSet<ApproverGroup> { ApproverGroup.Approvers }, ApprovalVerdict.Reject, " No hay ticket ", Asked().PayloadHash);

        Assert.Equal([new ExecutionRejected(Id, ApprovalId, "DIEGO", "No hay ticket", Decided)],
            Follow(Asked(), ApprovalDecisions.Decide(Asked(), rejection, Decided)));
    }

    [Fact]
    public void The_last_deadline_expires_the_execution_while_the_first_only_escalates_its_approval()
    {
        Assert.Empty(Follow(Asked(), ApprovalDecisions.CheckDeadlines(Asked(), Now.AddHours(2))));
        Assert.Equal([new ExecutionExpired(Id, ApprovalId, Now.AddHours(8))], Follow(Asked(), ApprovalDecisions.CheckDeadlines(Asked(), Now.AddHours(8))));
    }

    [Fact]
    public void A_withdrawn_approval_adds_nothing_to_the_execution_whose_cancel_withdrew_it() =>
        Assert.Empty(Follow(Asked(), ApprovalDecisions.Withdraw(Asked(), "Ana", Decided)));

    [Fact]
    public void Only_what_has_not_been_sent_can_be_cancelled()
    {
        var waiting = Execution.Fold(RequestAs(RiskLevel.Medium, 1).ExecutionEvents);
        var dispatched = Plain().After(ExecutionDecisions.Dispatch(Plain(), "job", Now));

        Assert.Equal([new ExecutionCancelled(Id, "Ana", Now)], ExecutionDecisions.Cancel(waiting, "Ana", Now));
        Assert.Equal([new ExecutionCancelled(Id, "Ana", Now)], ExecutionDecisions.Cancel(Plain(), "Ana", Now));
        Assert.Empty(ExecutionDecisions.Cancel(dispatched, "Ana", Now));
    }
}
