using Econeura.Domain.Approvals;
using Econeura.Domain.Executions;
using Econeura.Domain.FinOps;

namespace Econeura.Domain.Tests.FinOps;

/// <summary>Whose a budget is, read back from its scope, and named in the audit trail's English.</summary>
public sealed class BudgetScopeTests
{
    [Theory]
    [InlineData("tenant", BudgetOwnerKind.Tenant, "tenant")]
    [InlineData("cfo", BudgetOwnerKind.Department, "cfo")]
    [InlineData("person:dev-ana", BudgetOwnerKind.Person, "dev-ana")]
    [InlineData("person:5f0c2b9e-1d7a-4c3e-9b8f-0a1b2c3d4e5f", BudgetOwnerKind.Person, "5f0c2b9e-1d7a-4c3e-9b8f-0a1b2c3d4e5f")]
    [InlineData("agent:cfo-analyst", BudgetOwnerKind.Agent, "cfo-analyst")]
    public void A_scope_names_its_owner_and_writes_back_as_it_was_read(string scope, BudgetOwnerKind kind, string id)
    {
        var parsed = BudgetScope.Parse(scope);

        Assert.Equal(new BudgetScope(kind, id), parsed);
        Assert.Equal(scope, parsed.ToString());
        Assert.Equal(kind is BudgetOwnerKind.Person or BudgetOwnerKind.Agent, parsed!.Value.IsOptional);
    }

    [Theory]
    [InlineData("marketing")]            // no such department
    [InlineData("person:")]
    [InlineData("person:a b")]           // a space, or anything an address would have to escape
    [InlineData("person:a/b")]
    [InlineData("person:a'; drop table x; --")]
    [InlineData("agent:Not-An-Id")]      // agent ids are lower-case slugs
    [InlineData("agent:")]
    [InlineData("Person:dev-ana")]
    [InlineData("")]
    public void Anything_else_names_no_budget(string scope) => Assert.Null(BudgetScope.Parse(scope));

    [Fact]
    public void A_person_or_agent_budget_can_never_be_read_as_a_departments_because_no_department_holds_a_colon() =>
        Assert.All(Econeura.Domain.Agents.Departments.All, department => Assert.DoesNotContain(':', department));

    [Fact]
    public void A_run_counts_against_the_company_its_department_its_requester_and_its_agent() =>
        Assert.Equal(["tenant", "cfo", "person:dev-ana", "agent:cfo-analyst"], BudgetScope.Of("cfo", "dev-ana", "cfo-analyst"));

    [Theory]
    [InlineData("tenant", null, "the company's")]
    [InlineData("cfo", null, "the 'cfo' department's")]
    [InlineData("person:dev-ana", "Ana Ruiz", "Ana Ruiz's")]
    [InlineData("person:dev-ana", null, "user dev-ana's")]
    [InlineData("agent:cfo-analyst", null, "the 'cfo-analyst' agent's")]
    public void The_owner_is_named_in_english(string scope, string? personName, string expected) =>
        Assert.Equal(expected, BudgetRule.OwnerInEnglish(scope, personName));

    [Fact]
    public void A_run_stopped_at_dispatch_by_its_requesters_budget_says_whose_it_is()
    {
        var id = Guid.NewGuid();
        var now = DateTimeOffset.UnixEpoch;
        var state = Execution.Fold([new ExecutionRequested(id, "t", "cfo-analyst", "CFO Analyst", "cfo", "dev-ana", "Ana Ruiz", "hola", [], "c", now)]);
        BudgetStanding[] budgets = [new("tenant", 0m, 100m, false), new("person:dev-ana", 9m, 10m, false, ReservedEur: 1.5m, OwnerName: "Ana Ruiz")];

        var failed = Assert.IsType<ExecutionFailed>(Assert.Single(ExecutionDecisions.StopBeforeDispatch(state, true, budgets, now)));

        Assert.Equal((FailureCause.BudgetExhausted, "person:dev-ana"), (failed.Cause, failed.BudgetScope));
        Assert.Contains("Ana Ruiz's budget had no room left", failed.Reason);
    }

    [Theory]
    [InlineData("Ana Ruiz", true)]
    [InlineData("  ", false)]
    [InlineData("Ana\nRuiz", false)]
    public void A_person_budget_carries_a_printable_name(string name, bool valid) => Assert.Equal(valid, BudgetScope.IsOwnerName(name));
}
