using Econeura.Domain.Agents;
using Econeura.Domain.Conversations;
using Econeura.Domain.Executions;
using Econeura.Portal.Features.Executions;

namespace Econeura.Portal.Features.Conversations;

/// <summary>One turn of a thread: the user's message and the agent's answer are its execution's redacted input and output.</summary>
public sealed record ThreadTurn(ExecutionView Execution, TurnState State)
{
    /// <summary>The agent's answer, once there is one.</summary>
    public string? Answer => State.Phase is TurnPhase.Answered or TurnPhase.Stopped ? Execution.Output : null;
}

/// <summary>A conversation as its owner reads it, in order, with what its next message would carry.</summary>
/// <param name="LeftOutOfNext">
/// How many of the oldest messages the next turn will no longer send (they no longer fit the agent's context limit);
/// 0: all of them go.
/// </param>
public sealed record ConversationThread(ConversationView Conversation, IReadOnlyList<ThreadTurn> Turns, decimal CostEur, int LeftOutOfNext)
{
    public ThreadTurn? Last => Turns.Count > 0 ? Turns[^1] : null;

    /// <summary>A new message may be sent once the last turn is over.</summary>
    public bool CanSend => Last?.State.IsOver ?? true;

    /// <summary>
    /// The conversation as the agent remembers it: each answered turn's message and answer, in order. A turn that was
    /// refused, blocked or failed never reached the agent (or got nothing back), so it is no part of its memory.
    /// </summary>
    public static IReadOnlyList<AgentMessage> Memory(IEnumerable<ThreadTurn> turns) =>
    [
        .. turns.Where(turn => turn.Answer is not null).SelectMany(turn => new[]
        {
            new AgentMessage(MessageRole.User, turn.Execution.RedactedInput), new AgentMessage(MessageRole.Agent, turn.Answer!),
        }),
    ];

    /// <summary>The turn whose message is the first the next turn still sends, when older ones are left out.</summary>
    public Guid? FirstRemembered()
    {
        if (LeftOutOfNext == 0) return null;
        // Two messages per remembered turn: the cut falls in the turn holding the first message still sent.
        var answered = Turns.Where(turn => turn.Answer is not null).ToList();
        var index = LeftOutOfNext / 2;
        return index < answered.Count ? answered[index].Execution.Id : null;
    }

    public static TurnState StateOf(ExecutionView execution, int approvals) =>
        TurnState.Of(execution.Status, new TurnFacts(approvals, execution.ApprovalsRequired, execution.FailureReason,
            execution.Status == ExecutionStatus.Failed && execution.FailureCause == FailureCause.BudgetExhausted ? execution.BudgetScope : null));
}
