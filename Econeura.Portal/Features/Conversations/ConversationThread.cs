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
/// <param name="Turns">
/// Its turns in order: all of them, or the latest only when read for a page (<see cref="TurnCount"/> says how many there
/// are): an open page then holds what it shows, however long the thread grows.
/// </param>
/// <param name="Memory">What the next message is sent with: the answered turns that fit the agent's context limit.</param>
/// <param name="MemoryBeforeLast">What the last message, edited or asked again, is sent with: the same, before the last turn.</param>
/// <param name="FirstRemembered">
/// The turn whose message is the first the next turn still sends, when older ones no longer fit the context limit.
/// </param>
public sealed record ConversationThread(
    ConversationView Conversation, IReadOnlyList<ThreadTurn> Turns, int TurnCount, decimal CostEur, IReadOnlyList<AgentMessage> Memory,
    IReadOnlyList<AgentMessage> MemoryBeforeLast, Guid? FirstRemembered)
{
    public ThreadTurn? Last => Turns.Count > 0 ? Turns[^1] : null;

    /// <summary>A new message may be sent once the last turn is over.</summary>
    public bool CanSend => Last?.State.IsOver ?? true;

    /// <summary>Earlier turns than those read are there, a "show earlier" away.</summary>
    public bool HasEarlier => TurnCount > Turns.Count;

    /// <summary>
    /// The conversation as the agent remembers it: each answered turn's message and answer, in order. A turn that was
    /// refused, blocked or failed never reached the agent (or got nothing back), so it is no part of its memory.
    /// </summary>
    public static IReadOnlyList<AgentMessage> MemoryOf(IEnumerable<ThreadTurn> turns) =>
    [
        .. turns.Where(turn => turn.Answer is not null).SelectMany(turn => new[]
        {
            new AgentMessage(MessageRole.User, turn.Execution.RedactedInput), new AgentMessage(MessageRole.Agent, turn.Answer!),
        }),
    ];

    /// <summary>The turn holding the first message still sent, when <paramref name="leftOut"/> of the oldest messages are not.</summary>
    public static Guid? FirstRememberedOf(IReadOnlyList<ThreadTurn> turns, int leftOut)
    {
        if (leftOut == 0) return null;
        // Two messages per remembered turn: the cut falls in the turn holding the first message still sent.
        var answered = turns.Where(turn => turn.Answer is not null).ToList();
        var index = leftOut / 2;
        return index < answered.Count ? answered[index].Execution.Id : null;
    }

    public static TurnState StateOf(ExecutionView execution, int approvals) =>
        TurnState.Of(execution.Status, new TurnFacts(approvals, execution.ApprovalsRequired, execution.FailureReason,
            execution.Status == ExecutionStatus.Failed && execution.FailureCause == FailureCause.BudgetExhausted ? execution.BudgetScope : null));
}
