using Econeura.Domain.Common;
using Econeura.Domain.Approvals;
using Econeura.Domain.Agents;
using Econeura.Domain.FinOps;

namespace Econeura.Domain.Executions;

public enum ExecutionStatus
{
    Requested,
    AwaitingApproval,
    Dispatched,
    Completed,
    Failed,
    Blocked,
    Rejected,
    Expired,
    Cancelled,

    /// <summary>Someone stopped the agent while it was answering: the partial answer is kept and charged.</summary>
    Stopped,
}

/// <summary>The write-side state of one execution stream, folded from its events.</summary>
/// <param name="ReadySince">When it last became ready to run (requested, approved or retried): its wait for a worker starts there.</param>
public sealed record Execution(
    Guid Id,
    string TenantId,
    string AgentId,
    string Department,
    string RequestedBy,
    string RequestedByName,
    string RedactedInput,
    string CorrelationId,
    ExecutionStatus Status,
    int Attempts,
    ExecutionDispatched? LastDispatch,
    AgentResponded? Response,
    Guid? ApprovalId = null,
    string? ApprovedPayloadHash = null,
    decimal CostEur = 0m,
    int AttemptsBeforeRetry = 0,
    int UnconfirmedCalls = 0,
    DateTimeOffset? ReadySince = null,
    string? RequesterCostCentre = null,
    FailureCause? Failure = null,
    IReadOnlyList<AgentMessage>? History = null) : IEventSourced<Execution>
{
    /// <summary>Agent calls made since the request, or since an admin last retried it: each retry gets a fresh set.</summary>
    public int AttemptsInRound => Attempts - AttemptsBeforeRetry;

    public bool IsFinished => Status is ExecutionStatus.Completed or ExecutionStatus.Failed or ExecutionStatus.Blocked
        or ExecutionStatus.Rejected or ExecutionStatus.Expired or ExecutionStatus.Cancelled or ExecutionStatus.Stopped;

    /// <summary>What will be sent, as approvers see it.</summary>
    public string PayloadHash => ApprovalPayload.Hash(AgentId, RedactedInput, History);

    /// <summary>Every event an execution stream may hold: what <see cref="Evolve"/> folds and the store must know by name.</summary>
    public static readonly IReadOnlyList<Type> EventTypes =
    [
        typeof(ExecutionRequested), typeof(ExecutionDispatched), typeof(AgentResponded),
        typeof(DispatchFailed), typeof(ExecutionCompleted), typeof(ExecutionFailed),
        typeof(ExecutionBlocked), typeof(ApprovalRequired), typeof(ExecutionApproved), typeof(ExecutionRejected),
        typeof(ExecutionExpired), typeof(ExecutionCancelled), typeof(ExecutionRetried), typeof(AgentCallUnconfirmed), typeof(AnswerStopped),
        typeof(ApprovalRequiredAgain),
    ];

    /// <summary>Every execution stream opens with the request.</summary>
    public static Execution Start(ExecutionRequested e) =>
        new(e.ExecutionId, e.TenantId, e.AgentId, e.Department, e.RequestedBy, e.RequestedByName, e.RedactedInput, e.CorrelationId,
            ExecutionStatus.Requested, 0, null, null, ReadySince: e.RequestedAt, RequesterCostCentre: e.RequesterCostCentre,
            History: e.History);

    public static Execution Fold(IReadOnlyList<object> events) => events switch
    {
        [ExecutionRequested first, ..] => events.Skip(1).Aggregate(Start(first), Evolve),
        _ => throw new InvalidOperationException($"An execution stream must start with {nameof(ExecutionRequested)}."),
    };

    public static Execution Evolve(Execution state, object @event) => @event switch
    {
        ExecutionDispatched e => state with { Status = ExecutionStatus.Dispatched, Attempts = e.Attempt, LastDispatch = e },
        AgentResponded e => state with { Response = e },
        CostRecorded e => state with { CostEur = state.CostEur + e.CostEur },
        DispatchFailed => state with { Status = ExecutionStatus.Requested },
        ExecutionCompleted => state with { Status = ExecutionStatus.Completed },
        ExecutionFailed e => state with { Status = ExecutionStatus.Failed, Failure = e.Cause },
        ExecutionBlocked => state with { Status = ExecutionStatus.Blocked },
        ApprovalRequired e => state with { Status = ExecutionStatus.AwaitingApproval, ApprovalId = e.ApprovalId },
        ApprovalRequiredAgain e => state with { Status = ExecutionStatus.AwaitingApproval, ApprovalId = e.ApprovalId },
        ExecutionApproved e => state with { Status = ExecutionStatus.Requested, ApprovedPayloadHash = e.PayloadHash, ReadySince = e.ApprovedAt },
        ExecutionRejected => state with { Status = ExecutionStatus.Rejected },
        ExecutionExpired => state with { Status = ExecutionStatus.Expired },
        ExecutionCancelled => state with { Status = ExecutionStatus.Cancelled },
        AnswerStopped => state with { Status = ExecutionStatus.Stopped },
        AgentCallUnconfirmed => state with { UnconfirmedCalls = state.UnconfirmedCalls + 1 },
        ExecutionRetried e => state with { Status = ExecutionStatus.Requested, AttemptsBeforeRetry = state.Attempts, Response = null,
            ReadySince = e.RetriedAt, Failure = null },
        _ => throw new InvalidOperationException($"Unknown execution event {@event.GetType().Name}."),
    };

    /// <summary>The state after <paramref name="events"/> were appended to this one.</summary>
    public Execution After(IEnumerable<object> events) => events.Aggregate(this, Evolve);
}
