using Econeura.Domain.Common;
using Econeura.Domain.Approvals;

namespace Econeura.Domain.Tests.Approvals;

/// <summary>Where a request waits along its chain, who may decide it there, and what its expiry does: pure, clock passed in.</summary>
public sealed class EscalationChainsTests
{
    private static readonly DateTimeOffset Requested = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly string Payload = ApprovalPayload.Hash("neura-8", "Revisar contrato");

    /// <summary>Department approvers for 2 h → finance above 50 EUR for 4 h → admins for 8 h.</summary>
    private static readonly IReadOnlyList<ChainStage> ThreeStages =
    [
        new(ApproverGroup.Approvers, TimeSpan.FromHours(2)),
        new(ApproverGroup.Finance, TimeSpan.FromHours(4), FromCostEur: 50m),
        new(ApproverGroup.Admins, TimeSpan.FromHours(8)),
    ];

    private static readonly RiskLevelPolicy Chained = new(1, TimeSpan.FromHours(4), TimeSpan.FromHours(24), ThreeStages);

    private static Approval Pending(IReadOnlyList<ChainStage>? chain, ExpiryAction onExpiry = ExpiryAction.Reject)
    {
        var stages = chain ?? EscalationChains.Route(RiskPolicy.Default.Medium, 0m);
        return Approval.Fold([new ApprovalRequested(Guid.NewGuid(), Guid.NewGuid(), "t", "neura-8", "Neura", "legal", "ana", "Ana", "Revisar contrato",
            [], Payload, RiskLevel.Medium, [], 60m, 1, EscalationChains.EndOf(Requested, stages, 0),
            EscalationChains.EndOf(Requested, stages, stages.Count - 1), Requested, chain, onExpiry)]);
    }

    private static IReadOnlySet<ApproverGroup> In(params ApproverGroup[] groups) => groups.ToHashSet();

    [Fact]
    public void A_level_without_a_chain_keeps_todays_two_stages_approvers_then_admins_too()
    {
        var medium = RiskPolicy.Default.Medium;

        var chain = EscalationChains.Route(medium, 1_000m);

        Assert.Equal([new ChainStage(ApproverGroup.Approvers, medium.EscalateAfter), new ChainStage(ApproverGroup.Admins, medium.ExpireAfter - medium.EscalateAfter)],
            chain);
        Assert.Equal(In(ApproverGroup.Approvers), EscalationChains.DecidersAt(chain, 0));
        Assert.Equal(In(ApproverGroup.Approvers, ApproverGroup.Admins), EscalationChains.DecidersAt(chain, 1));
    }

    [Fact]
    public void The_default_policy_assesses_exactly_as_before_chains()
    {
        var input = new RiskInput(RiskLevel.Medium, "legal", Econeura.Domain.Dlp.PolicyDecision.Clean, [], 0.01m, [], new HashSet<string>());

        var assessed = RiskAssessor.Assess(input, RiskPolicy.Default);

        Assert.Equal((RiskPolicy.Default.Medium.EscalateAfter, RiskPolicy.Default.Medium.ExpireAfter, ExpiryAction.Reject),
            (assessed.EscalateAfter, assessed.ExpireAfter, assessed.OnExpiry));
    }

    [Theory]
    [InlineData(10, 2)]
    [InlineData(50, 3)]
    [InlineData(400, 3)]
    public void A_stage_with_a_cost_threshold_is_only_for_requests_that_reach_it(int costEur, int stages)
    {
        Assert.Equal(stages, EscalationChains.Route(Chained, costEur).Count);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1.99, 0)]
    [InlineData(2, 1)]
    [InlineData(5.99, 1)]
    [InlineData(6, 2)]
    [InlineData(13.99, 2)]
    [InlineData(14, 3)]
    public void The_stage_follows_from_the_request_time_the_chain_and_now(double hoursLater, int stage)
    {
        Assert.Equal(stage, EscalationChains.StageAt(Requested, ThreeStages, Requested.AddHours(hoursLater)));
    }

    [Fact]
    public void Each_stage_lets_its_group_decide_and_the_earlier_ones_keep_deciding()
    {
        Assert.False(EscalationChains.MayDecide(ThreeStages, 0, In(ApproverGroup.Finance, ApproverGroup.Admins)));
        Assert.True(EscalationChains.MayDecide(ThreeStages, 1, In(ApproverGroup.Finance)));
        Assert.False(EscalationChains.MayDecide(ThreeStages, 1, In(ApproverGroup.Admins)));
        Assert.True(EscalationChains.MayDecide(ThreeStages, 2, In(ApproverGroup.Admins)));
        Assert.True(EscalationChains.MayDecide(ThreeStages, 2, In(ApproverGroup.Approvers)));
        Assert.Equal(ApproverGroup.Finance, EscalationChains.Reaches(ThreeStages, 1));
    }

    [Fact]
    public void The_deadlines_move_a_request_stage_by_stage_and_a_late_check_records_every_stage_it_passed()
    {
        var state = Pending(ThreeStages);

        Assert.True(ApprovalDecisions.CheckDeadlines(state, Requested.AddHours(1)).IsEmpty);
        var second = ApprovalDecisions.CheckDeadlines(state, Requested.AddHours(2));
        var atFinance = state.After(second.ApprovalEvents);
        var late = ApprovalDecisions.CheckDeadlines(state, Requested.AddHours(7));

        Assert.Equal([new ApprovalEscalated(state.Id, Requested.AddHours(2), 1, ApproverGroup.Finance)], second.ApprovalEvents);
        Assert.Equal(1, atFinance.Stage);
        Assert.True(ApprovalDecisions.CheckDeadlines(atFinance, Requested.AddHours(3)).IsEmpty);
        Assert.Equal([1, 2], late.ApprovalEvents.Cast<ApprovalEscalated>().Select(e => e.Stage));
        Assert.IsType<ApprovalExpired>(Assert.Single(ApprovalDecisions.CheckDeadlines(atFinance, Requested.AddHours(14)).ApprovalEvents));
    }

    [Fact]
    public void A_finance_approver_decides_only_once_the_request_reached_finance()
    {
        var state = Pending(ThreeStages);
        var carmen = new DecideApproval("carmen", "Carmen", In(ApproverGroup.Finance), ApprovalVerdict.Approve, null, Payload);

        Assert.Equal(new ApprovalDecision.Refused(ApprovalRefusal.NotEscalatedYet), ApprovalDecisions.Decide(state, carmen, Requested.AddHours(1)));
        var atFinance = state.After(ApprovalDecisions.CheckDeadlines(state, Requested.AddHours(2)).ApprovalEvents);
        Assert.IsType<ApprovalDecision.Taken>(ApprovalDecisions.Decide(atFinance, carmen, Requested.AddHours(3)));
    }

    [Fact]
    public void Expiry_returns_the_request_to_its_requester_when_the_policy_says_so_and_rejects_otherwise()
    {
        var returned = ApprovalDecisions.CheckDeadlines(Pending(null, ExpiryAction.ReturnToRequester), Requested.AddDays(2));
        var rejected = ApprovalDecisions.CheckDeadlines(Pending(null), Requested.AddDays(2));

        Assert.IsType<ApprovalReturned>(Assert.Single(returned.ApprovalEvents));
        Assert.Equal(ApprovalStatus.Returned, Pending(null, ExpiryAction.ReturnToRequester).After(returned.ApprovalEvents).Status);
        Assert.IsType<ApprovalExpired>(Assert.Single(rejected.ApprovalEvents));
    }

    [Theory]
    [InlineData(ExpiryAction.Reject)]
    [InlineData(ExpiryAction.ReturnToRequester)]
    [InlineData((ExpiryAction)2)]
    [InlineData((ExpiryAction)(-1))]
    [InlineData((ExpiryAction)int.MaxValue)]
    public void No_expiry_policy_value_approves_a_request_nobody_decided(ExpiryAction action)
    {
        foreach (var chain in new[] { null, ThreeStages })
        {
            var state = Pending(chain, action);
            for (var hours = 0; hours <= 48; hours++)
            {
                var events = ApprovalDecisions.CheckDeadlines(state, Requested.AddHours(hours)).ApprovalEvents;
                Assert.DoesNotContain(events, e => e is ApprovalGranted);
                state = state.After(events);
                Assert.NotEqual(ApprovalStatus.Approved, state.Status);
            }
            Assert.True(state.Status is ApprovalStatus.Expired or ApprovalStatus.Returned);
        }
    }

    [Fact]
    public void A_chain_that_cannot_work_is_refused_with_its_reason()
    {
        Assert.Empty(EscalationChains.Problems(ThreeStages));
        Assert.NotEmpty(EscalationChains.Problems([new(ApproverGroup.Finance, TimeSpan.FromHours(1), FromCostEur: 5m)]));
        Assert.NotEmpty(EscalationChains.Problems([new(ApproverGroup.Approvers, TimeSpan.Zero)]));
        Assert.NotEmpty(EscalationChains.Problems([new(ApproverGroup.Approvers, TimeSpan.FromDays(31))]));
        Assert.NotEmpty(EscalationChains.Problems([new((ApproverGroup)9, TimeSpan.FromHours(1))]));
        Assert.Contains("medium.chain", (RiskPolicy.Default with { Medium = Chained with { Chain = [new(ApproverGroup.Approvers, TimeSpan.Zero)] } }).Problems().Keys);
        Assert.Empty((RiskPolicy.Default with { Medium = Chained }).Problems());
    }
}
