using Econeura.Domain.Common;
using Econeura.Domain.Approvals;
using Econeura.Domain.Dlp;
using Econeura.Domain.FinOps;

namespace Econeura.Domain.Tests.Approvals;

/// <summary>Which rules fire, what level they make, and what the policy then asks for.</summary>
public sealed class RiskAssessorTests
{
    private static readonly HashSet<string> Staff = ["Econeura.User"];
    private static readonly HashSet<string> FinanceStaff = ["Econeura.User", "Econeura.Finance"];

    private static RiskInput Input(
        RiskLevel agent = RiskLevel.Low, string department = "analytics", PolicyDecision? dlp = null, int findings = 0,
        decimal estimate = 0.001m, IReadOnlyList<BudgetStanding>? budgets = null, IReadOnlySet<string>? roles = null) =>
        new(agent, department, dlp ?? PolicyDecision.Clean,
            Enumerable.Range(0, findings).Select(i => new Finding(EntityType.EMAIL, i * 20, 10, 0.95)).ToList(),
            estimate, budgets ?? [], roles ?? Staff);

    [Fact]
    public void A_plain_request_is_low_risk_with_no_reasons_and_runs_without_approval()
    {
        var risk = RiskAssessor.Assess(Input(), RiskPolicy.Default);

        Assert.Equal(RiskLevel.Low, risk.Level);
        Assert.Empty(risk.Reasons);
        Assert.Equal(0, risk.ApprovalsRequired);
        Assert.False(risk.NeedsApproval);
    }

    [Theory]
    [InlineData(RiskLevel.Medium, 1)]
    [InlineData(RiskLevel.High, 2)]
    public void The_agents_own_rating_sets_the_level_and_the_policy_the_number_of_approvers(RiskLevel rating, int approvals)
    {
        var risk = RiskAssessor.Assess(Input(agent: rating), RiskPolicy.Default);

        Assert.Equal(rating, risk.Level);
        Assert.Equal([new RiskReason(RiskRule.AgentRating, rating)], risk.Reasons);
        Assert.Equal(approvals, risk.ApprovalsRequired);
        Assert.Equal(RiskPolicy.Default.For(rating).ExpireAfter, risk.ExpireAfter);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-1)]
    [InlineData(99)]
    public void A_rating_no_level_names_is_read_as_high_and_the_request_waits_for_approvers(int stored)
    {
        var risk = RiskAssessor.Assess(Input(agent: (RiskLevel)stored), RiskPolicy.Default);

        Assert.Equal(RiskLevel.High, risk.Level);
        Assert.Equal([new RiskReason(RiskRule.AgentRating, RiskLevel.High)], risk.Reasons);
        Assert.Equal(RiskPolicy.Default.High.ApprovalsRequired, risk.ApprovalsRequired);
        Assert.Equal(RiskPolicy.Default.High, RiskPolicy.Default.For((RiskLevel)stored));
    }

    [Fact]
    public void The_highest_rule_wins_and_every_rule_that_fired_is_kept_as_a_reason()
    {
        var risk = RiskAssessor.Assess(Input(agent: RiskLevel.Medium, estimate: 6m), RiskPolicy.Default);

        Assert.Equal(RiskLevel.High, risk.Level);
        Assert.Equal([RiskRule.AgentRating, RiskRule.EstimatedCost], risk.Reasons.Select(r => r.Rule));
        Assert.Equal(2, risk.ApprovalsRequired);
    }

    [Theory]
    [InlineData("0.49", RiskLevel.Low)]
    [InlineData("0.50", RiskLevel.Medium)]
    [InlineData("4.99", RiskLevel.Medium)]
    [InlineData("5.00", RiskLevel.High)]
    public void The_estimated_cost_is_medium_at_the_threshold_and_high_at_ten_times_it(string estimate, RiskLevel expected)
    {
        var risk = RiskAssessor.Assess(Input(estimate: decimal.Parse(estimate, System.Globalization.CultureInfo.InvariantCulture)), RiskPolicy.Default);

        Assert.Equal(expected, risk.Level);
        if (expected > RiskLevel.Low)
            Assert.Equal(new RiskReason(RiskRule.EstimatedCost, expected, Amount: decimal.Parse(estimate, System.Globalization.CultureInfo.InvariantCulture), Limit: 0.50m),
                Assert.Single(risk.Reasons));
    }

    [Fact]
    public void A_dlp_policy_that_wants_approval_holds_the_request_even_when_its_level_would_need_none()
    {
        var dlp = new PolicyDecision(DlpAction.RequireApproval, [new PolicyReason(PolicyReasonCode.EntityDetected, EntityType.IBAN, 1, DlpAction.RequireApproval)]);
        var lenient = RiskPolicy.Default with { Medium = RiskPolicy.Default.Medium with { ApprovalsRequired = 0 } };

        var risk = RiskAssessor.Assess(Input(dlp: dlp, findings: 1), lenient);

        Assert.Equal(RiskLevel.Medium, risk.Level);
        Assert.Equal(new RiskReason(RiskRule.DlpRequiresApproval, RiskLevel.Medium, "IBAN", 1), Assert.Single(risk.Reasons));
        Assert.Equal(1, risk.ApprovalsRequired);
    }

    [Fact]
    public void Many_personal_data_items_in_one_input_make_a_bulk_request_and_a_zero_threshold_turns_the_rule_off()
    {
        Assert.Equal(RiskLevel.Low, RiskAssessor.Assess(Input(findings: 4), RiskPolicy.Default).Level);
        Assert.Equal(new RiskReason(RiskRule.BulkPersonalData, RiskLevel.Medium, Count: 5, Limit: 5),
            Assert.Single(RiskAssessor.Assess(Input(findings: 5), RiskPolicy.Default).Reasons));
        Assert.Equal(RiskLevel.Low, RiskAssessor.Assess(Input(findings: 50), RiskPolicy.Default with { BulkFindingsThreshold = 0 }).Level);
    }

    [Fact]
    public void A_department_that_asks_for_a_role_raises_requests_from_people_without_it()
    {
        var withoutRole = RiskAssessor.Assess(Input(department: "cfo", roles: Staff), RiskPolicy.Default);
        var withRole = RiskAssessor.Assess(Input(department: "cfo", roles: FinanceStaff), RiskPolicy.Default);

        Assert.Equal(new RiskReason(RiskRule.RequesterRole, RiskLevel.Medium, "cfo", Requires: "Econeura.Finance"), Assert.Single(withoutRole.Reasons));
        Assert.Equal(RiskLevel.Low, withRole.Level);
    }

    [Fact]
    public void A_budget_nearly_spent_is_medium_and_one_whose_limit_sends_requests_to_approval_is_high()
    {
        var nearly = RiskAssessor.Assess(Input(budgets: [new BudgetStanding("cfo", 85m, 100m, false)]), RiskPolicy.Default);
        var over = RiskAssessor.Assess(Input(budgets: [new BudgetStanding("tenant", 100m, 100m, true)]), RiskPolicy.Default);
        var plenty = RiskAssessor.Assess(Input(budgets: [new BudgetStanding("cfo", 10m, 100m, true)]), RiskPolicy.Default);

        Assert.Equal(new RiskReason(RiskRule.BudgetLeft, RiskLevel.Medium, "cfo", Amount: 85m, Limit: 100m), Assert.Single(nearly.Reasons));
        Assert.Equal(RiskLevel.High, over.Level);
        Assert.Contains(over.Reasons, r => r is { Rule: RiskRule.BudgetLeft, Level: RiskLevel.High, Subject: "tenant" });
        Assert.Equal(RiskLevel.Low, plenty.Level);
    }

    [Fact]
    public void A_policy_with_impossible_settings_names_each_problem_by_field()
    {
        var broken = RiskPolicy.Default with
        {
            Medium = new RiskLevelPolicy(7, TimeSpan.FromHours(2), TimeSpan.FromHours(1)),
            High = new RiskLevelPolicy(2, TimeSpan.Zero, TimeSpan.FromDays(40)),
            CostThresholdEur = -1,
        };

        var problems = broken.Problems();

        Assert.Equal(
            ["costThresholdEur", "high.approvalsRequired", "high.escalateAfter", "high.expireAfter", "medium.approvalsRequired", "medium.expireAfter"],
            problems.Keys.Order());
        Assert.Empty(RiskPolicy.Default.Problems());
    }

    [Theory]
    [InlineData("cfo", "Econeura.Fin\0ance")]
    [InlineData("cf\u0001o", "Econeura.Finance")]
    [InlineData(" ", "Econeura.Finance")]
    [InlineData("cfo", "")]
    [InlineData("cfo", "Econeura.{lone surrogate}")] // an attribute cannot hold a lone surrogate itself
    public void A_department_role_that_is_not_a_plain_name_is_refused(string department, string role)
    {
        var policy = RiskPolicy.Default with { DepartmentRoles = new Dictionary<string, string> { [department] = role.Replace("{lone surrogate}", "\ud800") } };

        Assert.Equal(["departmentRoles"], policy.Problems().Keys);
    }

    [Theory]
    [InlineData(60, 30, 0, false)] // 90 % committed, and this request fits
    [InlineData(60, 30, 11, true)] // spent, plus what runs under way hold, plus this request, passes the limit
    [InlineData(60, 40, 0, true)]  // what runs under way hold has reached the limit already
    public void A_budget_counts_what_runs_under_way_hold_and_what_this_request_would_take(int spent, int reserved, int request, bool exhausted) =>
        Assert.Equal(exhausted, new BudgetStanding("cfo", spent, 100m, false, reserved, request).Exhausted);
    [Fact]
    public void Before_anything_is_typed_a_finance_agent_asks_one_approval_of_staff_without_the_finance_role_and_none_of_finance_staff()
    {
        var staff = RiskAssessor.Least(RiskLevel.Low, "cfo", Staff, RiskPolicy.Default);
        var finance = RiskAssessor.Least(RiskLevel.Low, "cfo", FinanceStaff, RiskPolicy.Default);

        Assert.Equal((RiskLevel.Medium, 1), (staff.Level, staff.ApprovalsRequired));
        Assert.Equal([new RiskReason(RiskRule.RequesterRole, RiskLevel.Medium, "cfo", Requires: "Econeura.Finance")], staff.Reasons);
        Assert.Equal((RiskLevel.Low, 0), (finance.Level, finance.ApprovalsRequired));
        Assert.Empty(finance.Reasons);
    }

    [Fact]
    public void Before_anything_is_typed_the_agents_own_rating_and_the_tenants_policy_say_how_many_approve()
    {
        var strict = RiskPolicy.Default with { Low = RiskPolicy.Default.Low with { ApprovalsRequired = 1 } };

        Assert.Equal((RiskLevel.High, 2), Of(RiskAssessor.Least(RiskLevel.High, "ciso", FinanceStaff, RiskPolicy.Default)));
        Assert.Equal((RiskLevel.Low, 1), Of(RiskAssessor.Least(RiskLevel.Low, "analytics", Staff, strict)));

        static (RiskLevel, int) Of(RiskAssessment risk) => (risk.Level, risk.ApprovalsRequired);
    }

    /// <summary>What the catalog promises before typing is never more lenient than what the launch then finds.</summary>
    [Theory]
    [InlineData(0, 0.001, 0, false)]
    [InlineData(6, 0.001, 0, false)]
    [InlineData(0, 6.0, 0, false)]
    [InlineData(0, 0.001, 100, false)]
    [InlineData(1, 0.001, 0, true)]
    public void An_input_can_only_add_to_what_runs_need_at_the_least(int findings, double estimate, int spentOfHundred, bool dlpAsksForAPerson)
    {
        var dlp = dlpAsksForAPerson
            ? new PolicyDecision(DlpAction.RequireApproval, [new PolicyReason(PolicyReasonCode.EntityDetected, EntityType.IBAN, 1, DlpAction.RequireApproval)])
            : null;
        var budgets = spentOfHundred > 0 ? new[] { new BudgetStanding("cfo", spentOfHundred, 100m, true) } : null;
        foreach (var roles in new[] { Staff, FinanceStaff })
        {
            var least = RiskAssessor.Least(RiskLevel.Low, "cfo", roles, RiskPolicy.Default);
            var typed = RiskAssessor.Assess(Input(department: "cfo", dlp: dlp, findings: findings, estimate: (decimal)estimate, budgets: budgets, roles: roles),
                RiskPolicy.Default);

            Assert.True(typed.Level >= least.Level, $"{typed.Level} < {least.Level}");
            Assert.True(typed.ApprovalsRequired >= least.ApprovalsRequired, $"{typed.ApprovalsRequired} < {least.ApprovalsRequired}");
            Assert.Empty(least.Reasons.Except(typed.Reasons));
        }
    }
}
