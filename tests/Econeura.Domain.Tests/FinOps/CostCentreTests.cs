using Econeura.Domain.Common;
using Econeura.Domain.Agents;
using Econeura.Domain.Approvals;
using Econeura.Domain.Dlp;
using Econeura.Domain.Executions;
using Econeura.Domain.FinOps;

namespace Econeura.Domain.Tests.FinOps;

/// <summary>Whose cost centre a request is charged to, which codes may be kept, and that each cost carries the one of its request.</summary>
public sealed class CostCentreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0193a1b2-0000-7000-8000-0000000000c1");
    private static readonly AgentDefinition Cfo = new() { Id = "neura-3", Name = "NEURA CFO", Department = "cfo", Description = "Finance", IsLead = true };
    private static readonly Charge Tokens = new(new PriceRule("simulator", PriceKind.Tokens, 0.0005m, 0.0015m, 0m, new DateOnly(2026, 1, 1)), new DateOnly(2026, 12, 7));

    private static Execution Dispatched(string? costCentre)
    {
        const string input = "Resume el trimestre";
        var dlp = DlpEngine.Process(input, DlpPolicy.Default, RedactionOperator.Replace);
        var screening = new Screening(dlp, new RiskAssessment(RiskLevel.Low, [], 0, TimeSpan.FromHours(1), TimeSpan.FromHours(2)), 0.0002m);
        var requested = ExecutionDecisions.Request(Cfo, new RequestExecution(Id, "tenant-a", "user-1", "Ana", input, "corr-1", Guid.NewGuid(), costCentre), screening, Now);
        return Execution.Fold([.. requested.ExecutionEvents, new ExecutionDispatched(Id, 1, "job-1", Now)]);
    }

    [Fact]
    public void An_admins_assignment_wins_over_the_directorys_and_either_one_alone_is_used()
    {
        Assert.Equal("CC-200", CostCentre.Resolve("CC-200", "CC-100"));
        Assert.Equal("CC-100", CostCentre.Resolve(null, " CC-100 "));
        Assert.Equal("CC-100", CostCentre.Resolve("  ", "CC-100"));
        Assert.Null(CostCentre.Resolve(null, null));
    }

    [Theory]
    [InlineData("CC-4100", null)]
    [InlineData("Ventas Madrid/02", null)]
    [InlineData("ÉQUIPE_3.1", null)]
    [InlineData("=HYPERLINK(\"x\")", CostCentreProblem.InvalidCharacters)]
    [InlineData("CC;100", CostCentreProblem.InvalidCharacters)]
    [InlineData("CC\n100", CostCentreProblem.InvalidCharacters)]
    [InlineData("0123456789012345678901234567890123456789X", CostCentreProblem.TooLong)]
    public void A_code_is_a_short_run_of_letters_digits_spaces_and_a_few_separators(string code, CostCentreProblem? problem)
    {
        Assert.Equal(problem, CostCentre.Check(code));
        Assert.Equal(problem is null ? code.Trim() : null, CostCentre.Normalize(code));
    }

    [Fact]
    public void A_directory_value_that_is_no_valid_code_charges_no_cost_centre_rather_than_a_malformed_one()
    {
        Assert.Null(CostCentre.Resolve(null, "=cmd|' /C calc'!A0"));
    }

    [Fact]
    public void Every_cost_of_a_run_is_charged_to_the_cost_centre_its_request_recorded()
    {
        var state = Dispatched(" CC-4100 ");

        var reply = ExecutionDecisions.RecordReply(state, new AgentReply("ok", 2_000, 1_000, 840), Tokens, Now).OfType<CostRecorded>().Single();
        var failure = ExecutionDecisions.RecordFailure(state, "timeout", Tokens, 2_000, Now).OfType<CostRecorded>().Single();

        Assert.Equal("CC-4100", state.RequesterCostCentre);
        Assert.Equal(("CC-4100", "CC-4100"), (reply.RequesterCostCentre, failure.RequesterCostCentre));
    }

    [Fact]
    public void A_request_made_before_cost_centres_existed_charges_none()
    {
        var reply = ExecutionDecisions.RecordReply(Dispatched(null), new AgentReply("ok", 10, 10, 1), Tokens, Now).OfType<CostRecorded>().Single();

        Assert.Null(reply.RequesterCostCentre);
    }
}
