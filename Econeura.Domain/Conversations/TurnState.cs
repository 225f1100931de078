using Econeura.Domain.Executions;

namespace Econeura.Domain.Conversations;

public enum TurnPhase
{
    WaitingForApproval,
    Running,
    Answered,
    Failed,
    Rejected,
    Blocked,
    Cancelled,

    /// <summary>Someone stopped the answer while it was written: the part written is kept, and the conversation goes on.</summary>
    Stopped,
}

/// <summary>
/// Where one turn of a conversation stands, as its thread tells it: a turn is an execution, so this is the execution's
/// status in the conversation's words.
/// </summary>
/// <param name="Approvals">Approvals given so far, with <paramref name="ApprovalsRequired"/>: "1 of 2".</param>
/// <param name="Reason">The approver's reason (rejected), the failure's, or the DLP policy's (blocked).</param>
/// <param name="BudgetScope">The budget with no room left, when that is why the turn did not run.</param>
public sealed record TurnState(TurnPhase Phase, int Approvals = 0, int ApprovalsRequired = 0, string? Reason = null, string? BudgetScope = null)
{
    /// <summary>A new message may follow only once this turn is over.</summary>
    public bool IsOver => Phase is not (TurnPhase.WaitingForApproval or TurnPhase.Running);

    /// <summary>What the execution's status means for its turn.</summary>
    /// <param name="facts">What the execution's record says beyond its status.</param>
    public static TurnState Of(ExecutionStatus status, TurnFacts facts) => status switch
    {
        ExecutionStatus.AwaitingApproval => new(TurnPhase.WaitingForApproval, facts.Approvals, Math.Max(1, facts.ApprovalsRequired)),
        ExecutionStatus.Requested or ExecutionStatus.Dispatched => new(TurnPhase.Running),
        ExecutionStatus.Completed => new(TurnPhase.Answered),
        ExecutionStatus.Rejected or ExecutionStatus.Expired => new(TurnPhase.Rejected, Reason: facts.Reason),
        ExecutionStatus.Blocked => new(TurnPhase.Blocked, Reason: facts.Reason),
        ExecutionStatus.Failed when facts.BudgetScope is not null => new(TurnPhase.Blocked, Reason: facts.Reason, BudgetScope: facts.BudgetScope),
        ExecutionStatus.Failed => new(TurnPhase.Failed, Reason: facts.Reason),
        ExecutionStatus.Cancelled => new(TurnPhase.Cancelled),
        ExecutionStatus.Stopped => new(TurnPhase.Stopped),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

/// <summary>What an execution's record says about its turn beyond the status.</summary>
public sealed record TurnFacts(int Approvals = 0, int ApprovalsRequired = 0, string? Reason = null, string? BudgetScope = null);
