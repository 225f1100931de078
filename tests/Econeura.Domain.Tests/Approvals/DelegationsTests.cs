using Econeura.Domain.Common;
using Econeura.Domain.Approvals;

namespace Econeura.Domain.Tests.Approvals;

/// <summary>Who stands in for whom and when, and what a delegate's decision may do: pure, with the clock passed in.</summary>
public sealed class DelegationsTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
    private static readonly string Payload = ApprovalPayload.Hash("neura-8", "Revisar contrato");
    private static readonly IReadOnlySet<ApproverGroup> Approvers = new HashSet<ApproverGroup> { ApproverGroup.Approvers };
    private static readonly Principal Diego = new("diego", "DIEGO", Approvers);

    private static Delegation Away(string from, string to, int firstDay = 0, int days = 5) =>
        new(Guid.NewGuid(), from, from.ToUpperInvariant(), to, to.ToUpperInvariant(), Monday.AddDays(firstDay), Monday.AddDays(firstDay + days));

    private static Approval Pending(string requester = "ana", int approvals = 2) => Approval.Fold([
        new ApprovalRequested(Guid.NewGuid(), Guid.NewGuid(), "t", "neura-8", "Neura", "legal", requester, requester, "Revisar contrato", [],
            Payload, RiskLevel.High, [], 0.01m, approvals, Monday.AddHours(2), Monday.AddHours(8), Monday)]);

    private static DecideApproval Approve(string approver, Principal? @for) =>
        new(approver, approver.ToUpperInvariant(), Approvers, ApprovalVerdict.Approve, null, Payload, @for);

    [Fact]
    public void A_delegation_runs_from_its_start_until_its_end_or_until_it_was_ended()
    {
        var delegation = Away("diego", "bruno", firstDay: 1, days: 2);

        Assert.False(delegation.RunsAt(Monday));
        Assert.True(delegation.RunsAt(Monday.AddDays(1)));
        Assert.False(delegation.RunsAt(Monday.AddDays(3)));
        Assert.False((delegation with { EndedAt = Monday.AddDays(1.5) }).RunsAt(Monday.AddDays(2)));
    }

    [Fact]
    public void Work_routes_to_the_delegate_only_while_the_delegation_runs()
    {
        var all = new[] { Away("diego", "bruno") };

        Assert.Equal("bruno", Delegations.RoutedTo("diego", all, Monday.AddDays(1)));
        Assert.Equal("diego", Delegations.RoutedTo("diego", all, Monday.AddDays(6)));
        Assert.Equal("carla", Delegations.RoutedTo("carla", all, Monday.AddDays(1)));
        Assert.Equal(["diego"], Delegations.ActingFor("bruno", all, Monday.AddDays(1)).Select(d => d.DelegatorId));
        Assert.Empty(Delegations.ActingFor("bruno", all, Monday.AddDays(6)));
    }

    [Theory]
    [InlineData("diego", "diego", 0, 2, true, DelegationProblem.ToOneself)]
    [InlineData("diego", "bruno", 2, -1, true, DelegationProblem.EndsBeforeStart)]
    [InlineData("diego", "bruno", -10, 2, true, DelegationProblem.EndsInThePast)]
    [InlineData("diego", "bruno", 0, 91, true, DelegationProblem.TooLong)]
    [InlineData("diego", "ana", 0, 2, false, DelegationProblem.DelegateIsNotAnApprover)]
    public void A_delegation_that_cannot_be_made_says_why(string from, string to, int firstDay, int days, bool isApprover, DelegationProblem problem)
    {
        var problems = Delegations.Check(Away(from, to, firstDay, days), isApprover, [], Monday);

        Assert.Contains(problem, problems);
    }

    [Fact]
    public void Delegations_do_not_chain_nor_loop_nor_double_up_but_may_follow_each_other()
    {
        var existing = new[] { Away("diego", "bruno", firstDay: 0, days: 5) };

        Assert.Equal([DelegationProblem.WouldChain], Delegations.Check(Away("bruno", "diego", 2, 1), true, existing, Monday));
        Assert.Equal([DelegationProblem.WouldChain], Delegations.Check(Away("bruno", "carla", 2, 1), true, existing, Monday));
        Assert.Equal([DelegationProblem.WouldChain], Delegations.Check(Away("carla", "diego", 2, 1), true, existing, Monday));
        Assert.Equal([DelegationProblem.AlreadyDelegated], Delegations.Check(Away("diego", "carla", 4, 3), true, existing, Monday));
        Assert.Empty(Delegations.Check(Away("diego", "carla", 5, 3), true, existing, Monday));
        Assert.Empty(Delegations.Check(Away("bruno", "diego", 2, 1), true, [existing[0] with { EndedAt = Monday.AddDays(1) }], Monday.AddDays(1)));
    }

    [Fact]
    public void A_delegate_decides_for_the_first_approver_away_who_could_still_vote()
    {
        var covering = new[] { new Principal("ana", "ANA", Approvers), Diego };

        // Ana requested it: Bruno cannot decide it for her, but may for Diego.
        Assert.Equal("diego", Delegations.DecidingFor(Pending(requester: "ana"), covering)?.Id);
        Assert.Equal("ana", Delegations.DecidingFor(Pending(requester: "eva"), covering)?.Id);
        Assert.Null(Delegations.DecidingFor(Pending(), []));
        // An admin away is not stood in for before the request reaches admins.
        Assert.Null(Delegations.DecidingFor(Pending(requester: "eva"), [new Principal("fabio", "FABIO", new HashSet<ApproverGroup> { ApproverGroup.Admins })]));
    }

    [Fact]
    public void A_vote_for_someone_counts_once_for_both_and_neither_votes_again()
    {
        var state = Pending();
        var taken = Assert.IsType<ApprovalDecision.Taken>(ApprovalDecisions.Decide(state, Approve("bruno", Diego), Monday));
        var after = state.After(taken.ApprovalEvents);

        var granted = Assert.IsType<ApprovalGranted>(Assert.Single(taken.ApprovalEvents));
        Assert.Equal(("bruno", "diego", "DIEGO"), (granted.ApproverId, granted.ForId, granted.ForName));
        Assert.Equal(new ApprovalDecision.Refused(ApprovalRefusal.AlreadyApprovedByYou), ApprovalDecisions.Decide(after, Approve("diego", null), Monday));
        Assert.Equal(new ApprovalDecision.Refused(ApprovalRefusal.AlreadyApprovedByYou), ApprovalDecisions.Decide(after, Approve("bruno", null), Monday));
        Assert.Equal(new ApprovalDecision.Refused(ApprovalRefusal.AlreadyApprovedByYou),
            ApprovalDecisions.Decide(after, Approve("carla", Diego), Monday));
        Assert.IsType<ApprovalDecision.Taken>(ApprovalDecisions.Decide(after, Approve("carla", null), Monday));
    }

    [Fact]
    public void Four_eyes_holds_across_for_neither_the_delegate_nor_the_one_they_stand_in_for_decides_their_own_request()
    {
        Assert.Equal(new ApprovalDecision.Refused(ApprovalRefusal.OwnRequest),
            ApprovalDecisions.Decide(Pending(requester: "bruno"), Approve("bruno", Diego), Monday));
        Assert.Equal(new ApprovalDecision.Refused(ApprovalRefusal.OwnRequest),
            ApprovalDecisions.Decide(Pending(requester: "diego"), Approve("bruno", Diego), Monday));
    }
}
