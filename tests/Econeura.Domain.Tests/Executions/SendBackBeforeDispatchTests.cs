using Econeura.Domain.Agents;
using Econeura.Domain.Approvals;
using Econeura.Domain.Common;
using Econeura.Domain.Dlp;
using Econeura.Domain.Executions;
using Econeura.Domain.FinOps;

namespace Econeura.Domain.Tests.Executions;

/// <summary>An approved run whose turn comes after what its approval rested on changed goes back to people, never out.</summary>
public sealed class SendBackBeforeDispatchTests
{
    private static readonly DateTimeOffset Then = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Then.AddHours(3);
    private static readonly Guid Id = Guid.Parse("0193a1b2-0000-7000-8000-000000000013");
    private static readonly Guid FirstApproval = Guid.Parse("0193a1b2-0000-7000-8000-0000000000b3");
    private static readonly Guid SecondApproval = Guid.Parse("0193a1b2-0000-7000-8000-0000000000c3");
    private static readonly AgentDefinition Cfo = new() { Id = "neura-3", Name = "NEURA CFO", Department = "cfo", Description = "Finance" };
    private static readonly IReadOnlySet<ApproverGroup> Approver = new HashSet<ApproverGroup> { ApproverGroup.Approvers };
    private static readonly IReadOnlySet<ApproverGroup> Nothing = new HashSet<ApproverGroup>();

    /// <summary>Ana's request held for one approval (or the reasons given), approved by Bruno (user-2) two hours later.</summary>
    private static (Execution Run, ApprovalRequested Request, Approval Decided) Approved(params RiskReason[] reasons)
    {
        var risk = new RiskAssessment(RiskLevel.Medium, reasons.Length > 0 ? reasons : [new RiskReason(RiskRule.AgentRating, RiskLevel.Medium)], 1,
            TimeSpan.FromHours(4), TimeSpan.FromHours(24));
        var requested = ExecutionDecisions.Request(Cfo, new RequestExecution(Id, "tenant-a", "user-1", "Ana", "Resume la caja", "corr-1", FirstApproval),
            new Screening(DlpEngine.Process("Resume la caja", DlpPolicy.Default, RedactionOperator.Replace), risk, 0.02m), Then);
        var request = requested.Approval!;
        var grant = new ApprovalGranted(FirstApproval, "user-2", "Bruno", request.PayloadHash, null, Then.AddHours(2));
        var decided = Approval.Start(request).After([grant]);
        var run = Execution.Fold(requested.ExecutionEvents)
            .After(ExecutionDecisions.FollowApproval(Approval.Start(request), [grant]));
        return (run, request, decided);
    }

    private static RequestedExecution Check((Execution Run, ApprovalRequested Request, Approval Decided) held, BudgetStanding[] budgets,
        IReadOnlySet<ApproverGroup>? brunoNow = null, RiskLevelPolicy? highRisk = null) =>
        ExecutionDecisions.SendBackBeforeDispatch(held.Run, held.Request, held.Decided, budgets, _ => brunoNow ?? Approver, highRisk ?? RiskPolicy.Default.High, SecondApproval, Now);

    [Fact]
    public void An_approved_run_whose_approval_budget_ran_past_its_limit_goes_back_for_approval_with_the_budget_as_a_high_reason()
    {
        var held = Approved();

        var sentBack = Check(held, [new BudgetStanding("cfo", 11m, 10m, AtLimitNeedsApproval: true)]);

        var again = Assert.IsType<ApprovalRequiredAgain>(Assert.Single(sentBack.ExecutionEvents));
        Assert.Equal((SecondApproval, "cfo"), (again.ApprovalId, again.Because.BudgetScope));
        Assert.Equal(["user-2"], again.Because.DecidedBy);
        Assert.Contains("the 'cfo' department's budget had reached its limit", again.Reason);
        var request = Assert.IsType<ApprovalRequested>(sentBack.Approval);
        // High risk now, so it asks what the policy asks of high risk (by default two approvals, 2 h to escalate, 8 h to expire).
        Assert.Equal((SecondApproval, Now, Now.AddHours(2), Now.AddHours(8)), (request.ApprovalId, request.RequestedAt, request.EscalateAt, request.ExpireAt));
        Assert.Equal((2, 2), (request.ApprovalsRequired, again.ApprovalsRequired));
        Assert.Equal((held.Request.PayloadHash, RiskLevel.High, FirstApproval), (request.PayloadHash, request.Risk, request.SentBack!.PreviousApprovalId));
        Assert.Contains(request.Reasons, r => r is { Rule: RiskRule.BudgetLeft, Level: RiskLevel.High, Subject: "cfo" });
        var waiting = held.Run.After(sentBack.ExecutionEvents);
        Assert.Equal((ExecutionStatus.AwaitingApproval, SecondApproval), (waiting.Status, waiting.ApprovalId));
        Assert.Empty(ExecutionDecisions.Dispatch(waiting, "job", Now));
    }

    [Fact]
    public void Approved_again_with_the_budget_still_spent_it_runs_the_approvers_knew()
    {
        var held = Approved();
        BudgetStanding[] spent = [new("cfo", 11m, 10m, AtLimitNeedsApproval: true)];
        var sentBack = Check(held, spent);
        var second = sentBack.Approval!;
        ApprovalGranted[] grants =
        [
            new(SecondApproval, "user-3", "Carmen", second.PayloadHash, null, Now.AddMinutes(5)),
            new(SecondApproval, "user-4", "Diego", second.PayloadHash, null, Now.AddMinutes(6)),
        ];
        var run = held.Run.After(sentBack.ExecutionEvents).After(ExecutionDecisions.FollowApproval(Approval.Start(second), grants));

        Assert.Equal(ExecutionStatus.Requested, run.Status);
        Assert.Empty(ExecutionDecisions.SendBackBeforeDispatch(run, second, Approval.Start(second).After(grants), spent, _ => Approver, RiskPolicy.Default.High,
            Guid.NewGuid(), Now).ExecutionEvents);
    }

    [Theory]
    [InlineData(false, 20, false)] // a blocking budget is StopBeforeDispatch's: it fails the run
    [InlineData(true, 10, false)]  // exactly at the limit, its own reservation included: there was room
    [InlineData(true, 20, true)]
    public void Only_an_approval_budget_past_its_limit_sends_an_approved_run_back(bool asksForApproval, int committed, bool sendsBack) =>
        Assert.Equal(sendsBack, Check(Approved(), [new BudgetStanding("cfo", 0m, 10m, asksForApproval, ReservedEur: committed)]).Approval is not null);

    [Fact]
    public void A_budget_the_approvers_already_saw_at_its_limit_sends_nothing_back() =>
        Assert.Null(Check(Approved(new RiskReason(RiskRule.BudgetLeft, RiskLevel.High, "cfo", Amount: 10m, Limit: 10m)),
            [new BudgetStanding("cfo", 12m, 10m, AtLimitNeedsApproval: true)]).Approval);

    [Fact]
    public void An_approver_who_no_longer_holds_a_deciding_role_sends_the_run_back_named()
    {
        var sentBack = Check(Approved(), [], brunoNow: Nothing);

        var again = Assert.IsType<ApprovalRequiredAgain>(Assert.Single(sentBack.ExecutionEvents));
        Assert.Equal(["Bruno"], again.Because.WithoutRole!);
        Assert.Null(again.Because.BudgetScope);
        Assert.Contains("Bruno no longer may approve it", again.Reason);
        // Nothing about the request changed, only who may approve it: it keeps its level's terms, timed from now.
        var request = sentBack.Approval!;
        Assert.Equal((RiskLevel.Medium, 1, Now.AddHours(4), Now.AddHours(24)), (request.Risk, request.ApprovalsRequired, request.EscalateAt, request.ExpireAt));
    }

    [Fact]
    public void Sent_back_at_a_budgets_limit_it_follows_the_high_risk_chain_for_its_cost_and_never_needs_fewer_approvals_than_before()
    {
        var highRisk = new RiskLevelPolicy(1, TimeSpan.Zero, TimeSpan.Zero,
            [new ChainStage(ApproverGroup.Approvers, TimeSpan.FromHours(1)), new ChainStage(ApproverGroup.Finance, TimeSpan.FromHours(3)),
             new ChainStage(ApproverGroup.Admins, TimeSpan.FromHours(5), FromCostEur: 50m)],
            ExpiryAction.ReturnToRequester);

        var request = Check(Approved(), [new BudgetStanding("cfo", 11m, 10m, AtLimitNeedsApproval: true)], highRisk: highRisk).Approval!;

        // The run's estimate (0.02 EUR) is below the admins' stage; the quorum stays the first request's one, above the policy's.
        Assert.Equal([ApproverGroup.Approvers, ApproverGroup.Finance], request.Stages.Select(s => s.Group));
        Assert.Equal((1, Now.AddHours(1), Now.AddHours(4), ExpiryAction.ReturnToRequester),
            (request.ApprovalsRequired, request.EscalateAt, request.ExpireAt, request.OnExpiry));
    }

    [Fact]
    public void An_approver_the_directory_does_not_know_proves_nothing_and_sends_nothing_back() =>
        Assert.Null(ExecutionDecisions.SendBackBeforeDispatch(Approved().Run, Approved().Request, Approved().Decided, [], _ => null, RiskPolicy.Default.High, SecondApproval, Now)
            .Approval);

    [Fact]
    public void An_approver_who_became_an_admin_of_a_chain_that_reaches_admins_still_counts() =>
        Assert.Null(Check(Approved(), [], brunoNow: new HashSet<ApproverGroup> { ApproverGroup.Admins }).Approval);

    [Fact]
    public void A_run_nobody_had_to_approve_or_one_already_under_way_is_not_checked_here()
    {
        var held = Approved();
        var dispatched = held.Run.After([new ExecutionDispatched(Id, 1, "job", Now)]);

        Assert.Empty(ExecutionDecisions.SendBackBeforeDispatch(dispatched, held.Request, held.Decided, [], _ => Nothing, RiskPolicy.Default.High, SecondApproval, Now).ExecutionEvents);
        var neverHeld = Execution.Fold([new ExecutionRequested(Id, "tenant-a", "neura-3", "NEURA CFO", "cfo", "user-1", "Ana", "hola", [], "corr-1", Then)]);
        Assert.Empty(ExecutionDecisions.SendBackBeforeDispatch(neverHeld, held.Request, held.Decided, [], _ => Nothing, RiskPolicy.Default.High, SecondApproval, Now).ExecutionEvents);
    }
}
