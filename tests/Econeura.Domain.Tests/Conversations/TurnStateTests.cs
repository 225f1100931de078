using Econeura.Domain.Agents;
using Econeura.Domain.Conversations;
using Econeura.Domain.Executions;

namespace Econeura.Domain.Tests.Conversations;

/// <summary>A turn is an execution: its status in the conversation's words.</summary>
public sealed class TurnStateTests
{
    [Fact]
    public void A_turn_held_for_approval_says_how_many_of_how_many_have_approved()
    {
        var state = TurnState.Of(ExecutionStatus.AwaitingApproval, new TurnFacts(Approvals: 1, ApprovalsRequired: 2));

        Assert.Equal(new TurnState(TurnPhase.WaitingForApproval, 1, 2), state);
        Assert.False(state.IsOver);
    }

    [Fact]
    public void A_stopped_answer_ends_its_turn_and_the_conversation_may_go_on()
    {
        var state = TurnState.Of(ExecutionStatus.Stopped, new TurnFacts());

        Assert.Equal(TurnPhase.Stopped, state.Phase);
        Assert.True(state.IsOver);
    }

    [Theory]
    [InlineData(ExecutionStatus.Requested)]
    [InlineData(ExecutionStatus.Dispatched)]
    public void A_turn_waiting_for_a_worker_or_its_agent_is_running(ExecutionStatus status)
    {
        var state = TurnState.Of(status, new TurnFacts());

        Assert.Equal(TurnPhase.Running, state.Phase);
        Assert.False(state.IsOver);
    }

    [Fact]
    public void A_rejected_turn_keeps_the_approvers_reason_and_the_conversation_can_go_on()
    {
        var state = TurnState.Of(ExecutionStatus.Rejected, new TurnFacts(Reason: "Sin datos de clientes"));

        Assert.Equal((TurnPhase.Rejected, "Sin datos de clientes"), (state.Phase, state.Reason));
        Assert.True(state.IsOver);
    }

    [Fact]
    public void A_turn_stopped_by_a_budget_is_blocked_and_names_the_budget()
    {
        var state = TurnState.Of(ExecutionStatus.Failed, new TurnFacts(Reason: "No room", BudgetScope: "department:cfo"));

        Assert.Equal((TurnPhase.Blocked, "department:cfo"), (state.Phase, state.BudgetScope));
    }

    [Theory]
    [InlineData(ExecutionStatus.Completed, TurnPhase.Answered)]
    [InlineData(ExecutionStatus.Failed, TurnPhase.Failed)]
    [InlineData(ExecutionStatus.Blocked, TurnPhase.Blocked)]
    [InlineData(ExecutionStatus.Expired, TurnPhase.Rejected)]
    [InlineData(ExecutionStatus.Cancelled, TurnPhase.Cancelled)]
    public void Every_finished_execution_is_a_turn_that_is_over(ExecutionStatus status, TurnPhase phase)
    {
        var state = TurnState.Of(status, new TurnFacts());

        Assert.Equal(phase, state.Phase);
        Assert.True(state.IsOver);
    }
}
