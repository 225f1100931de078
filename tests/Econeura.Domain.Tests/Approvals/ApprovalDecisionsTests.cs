using Econeura.Domain.Common;
using Econeura.Domain.Approvals;

namespace Econeura.Domain.Tests.Approvals;

/// <summary>
/// Given an approval stream, when someone decides or a deadline passes, then these events on it (what they do to the
/// execution: Executions/ApprovalPathTests).
/// </summary>
public sealed class ApprovalDecisionsTests
{
    private static readonly DateTimeOffset Requested = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid ApprovalId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000a1");
    private static readonly Guid ExecutionId = Guid.Parse("0193a1b2-0000-7000-8000-000000000001");
    private static readonly string Payload = ApprovalPayload.Hash("ciso-access-recertification", "Revisar accesos de <EMAIL_1>");

    private static ApprovalRequested Opened(int approvals = 2) => new(
        ApprovalId, ExecutionId, "tenant-a", "ciso-access-recertification", "Access recertification", "ciso", "ana", "Ana",
        "Revisar accesos de <EMAIL_1>", [], Payload, RiskLevel.High, [new RiskReason(RiskRule.AgentRating, RiskLevel.High)], 0.01m,
        approvals, Requested.AddHours(2), Requested.AddHours(8), Requested);

    private static Approval Given(params object[] events) => Approval.Fold(events);

    private static DecideApproval Approve(string approver, ApproverGroup group = ApproverGroup.Approvers, string? payload = null) =>
        new(approver, approver.ToUpperInvariant(), new HashSet<ApproverGroup> { group }, ApprovalVerdict.Approve, null, payload ?? Payload);

    private static DecideApproval Reject(string approver, string? reason) =>
        new(approver, approver.ToUpperInvariant(), new HashSet<ApproverGroup> { ApproverGroup.Approvers }, ApprovalVerdict.Reject, reason, Payload);

    private static ApprovalGranted Granted(string approver, string? payload = null) =>
        new(ApprovalId, approver, approver.ToUpperInvariant(), payload ?? Payload, null, Requested.AddMinutes(5));

    private static readonly DateTimeOffset Soon = Requested.AddMinutes(10);

    [Fact]
    public void Nobody_decides_on_their_own_request()
    {
        var decision = ApprovalDecisions.Decide(Given(Opened()), Approve("ana"), Soon);

        Assert.Equal(new ApprovalDecision.Refused(ApprovalRefusal.OwnRequest), decision);
    }

    [Fact]
    public void The_first_of_two_approvals_is_recorded_and_the_request_keeps_waiting()
    {
        var taken = Assert.IsType<ApprovalDecision.Taken>(ApprovalDecisions.Decide(Given(Opened()), Approve("bruno"), Soon));

        Assert.Equal([new ApprovalGranted(ApprovalId, "bruno", "BRUNO", Payload, null, Soon)], taken.ApprovalEvents);
        Assert.Equal(ApprovalStatus.Pending, Given(Opened()).After(taken.ApprovalEvents).Status);
    }

    [Fact]
    public void The_second_distinct_approver_completes_the_quorum()
    {
        var taken = Assert.IsType<ApprovalDecision.Taken>(ApprovalDecisions.Decide(Given(Opened(), Granted("bruno")), Approve("diego"), Soon));

        var approved = Given(Opened(), Granted("bruno")).After(taken.ApprovalEvents);
        Assert.Equal(ApprovalStatus.Approved, approved.Status);
        Assert.Equal(["BRUNO", "DIEGO"], approved.ValidGrants.Select(g => g.ApproverName));
    }

    [Fact]
    public void The_same_approver_cannot_count_twice()
    {
        var decision = ApprovalDecisions.Decide(Given(Opened(), Granted("bruno")), Approve("bruno"), Soon);

        Assert.Equal(new ApprovalDecision.Refused(ApprovalRefusal.AlreadyApprovedByYou), decision);
    }

    [Fact]
    public void One_rejection_rejects_the_request_with_the_reason_even_after_an_approval()
    {
        var taken = Assert.IsType<ApprovalDecision.Taken>(
            ApprovalDecisions.Decide(Given(Opened(), Granted("bruno")), Reject("diego", "  No hay ticket de cambio  "), Soon));

        Assert.Equal([new ApprovalRejected(ApprovalId, "diego", "DIEGO", "No hay ticket de cambio", Soon)], taken.ApprovalEvents);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_rejection_needs_a_reason(string? reason) =>
        Assert.Equal(new ApprovalDecision.Refused(ApprovalRefusal.ReasonRequired), ApprovalDecisions.Decide(Given(Opened()), Reject("bruno", reason), Soon));

    [Fact]
    public void A_reason_longer_than_the_limit_is_refused() =>
        Assert.Equal(new ApprovalDecision.Refused(ApprovalRefusal.ReasonTooLong),
            ApprovalDecisions.Decide(Given(Opened()), Reject("bruno", new string('x', ApprovalDecisions.MaxReasonLength + 1)), Soon));

    [Fact]
    public void A_decided_request_takes_no_further_decisions()
    {
        var rejected = Given(Opened(), new ApprovalRejected(ApprovalId, "diego", "DIEGO", "no", Soon));

        Assert.Equal(new ApprovalDecision.Refused(ApprovalRefusal.NotPending), ApprovalDecisions.Decide(rejected, Approve("bruno"), Soon));
    }

    [Fact]
    public void The_escalation_group_decides_only_once_the_request_has_escalated()
    {
        var before = ApprovalDecisions.Decide(Given(Opened(1)), Approve("fabio", ApproverGroup.Admins), Soon);
        var after = ApprovalDecisions.Decide(Given(Opened(1), new ApprovalEscalated(ApprovalId, Requested.AddHours(2))),
            Approve("fabio", ApproverGroup.Admins), Requested.AddHours(3));

        Assert.Equal(new ApprovalDecision.Refused(ApprovalRefusal.NotEscalatedYet), before);
        Assert.Single(Assert.IsType<ApprovalDecision.Taken>(after).ApprovalEvents.OfType<ApprovalGranted>());
    }

    [Fact]
    public void A_decision_on_a_payload_other_than_the_current_one_is_refused()
    {
        var decision = ApprovalDecisions.Decide(Given(Opened()), Approve("bruno", payload: ApprovalPayload.Hash("x", "older text")), Soon);

        Assert.Equal(new ApprovalDecision.Refused(ApprovalRefusal.PayloadChanged), decision);
    }

    [Fact]
    public void An_approval_given_for_an_earlier_payload_no_longer_counts_towards_the_quorum()
    {
        var state = Given(Opened(), Granted("bruno", payload: ApprovalPayload.Hash("x", "older text")));

        var taken = Assert.IsType<ApprovalDecision.Taken>(ApprovalDecisions.Decide(state, Approve("diego"), Soon));

        Assert.Empty(state.ValidGrants);
        Assert.Equal(ApprovalStatus.Pending, state.After(taken.ApprovalEvents).Status);
    }

    [Fact]
    public void Before_its_first_deadline_a_pending_request_needs_nothing()
    {
        Assert.True(ApprovalDecisions.CheckDeadlines(Given(Opened()), Requested.AddHours(1)).IsEmpty);
    }

    [Fact]
    public void After_its_first_deadline_a_request_escalates_once()
    {
        var taken = ApprovalDecisions.CheckDeadlines(Given(Opened()), Requested.AddHours(2));
        var again = ApprovalDecisions.CheckDeadlines(Given(Opened()).After(taken.ApprovalEvents), Requested.AddHours(3));

        Assert.Equal([new ApprovalEscalated(ApprovalId, Requested.AddHours(2))], taken.ApprovalEvents);
        Assert.True(again.IsEmpty);
    }

    [Fact]
    public void After_its_last_deadline_a_request_expires_which_means_rejected()
    {
        var taken = ApprovalDecisions.CheckDeadlines(Given(Opened(), Granted("bruno")), Requested.AddHours(8));

        Assert.Equal([new ApprovalExpired(ApprovalId, Requested.AddHours(8))], taken.ApprovalEvents);
    }

    [Fact]
    public void A_deadline_after_the_request_was_approved_does_nothing()
    {
        var approved = Given(Opened(1), Granted("bruno"));

        Assert.Equal(ApprovalStatus.Approved, approved.Status);
        Assert.True(ApprovalDecisions.CheckDeadlines(approved, Requested.AddDays(2)).IsEmpty);
    }

    [Fact]
    public void An_approval_that_arrives_after_the_last_deadline_is_refused_even_before_expiry_is_recorded() =>
        Assert.Equal(new ApprovalDecision.Refused(ApprovalRefusal.DeadlinePassed),
            ApprovalDecisions.Decide(Given(Opened()), Approve("bruno"), Requested.AddHours(9)));

    [Fact]
    public void A_pending_request_can_be_withdrawn_once_and_then_takes_no_decision()
    {
        var taken = ApprovalDecisions.Withdraw(Given(Opened()), "Ana", Soon);
        var withdrawn = Given(Opened()).After(taken.ApprovalEvents);

        Assert.Equal([new ApprovalWithdrawn(ApprovalId, "Ana", Soon)], taken.ApprovalEvents);
        Assert.True(ApprovalDecisions.Withdraw(withdrawn, "Ana", Soon).IsEmpty);
        Assert.Equal(new ApprovalDecision.Refused(ApprovalRefusal.NotPending), ApprovalDecisions.Decide(withdrawn, Approve("bruno"), Soon));
    }
}
