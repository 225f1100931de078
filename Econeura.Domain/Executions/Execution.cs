namespace Econeura.Domain.Executions;

public enum ExecutionStatus
{
    Requested,
    AwaitingApproval,
    Dispatched,
    Completed,
    Failed,
    Blocked,
}

/// <summary>The write-side state of one execution stream, folded from its events.</summary>
public sealed record Execution(
    Guid Id,
    string TenantId,
    string AgentId,
    string RequestedBy,
    string RedactedInput,
    string CorrelationId,
    ExecutionStatus Status,
    int Attempts,
    ExecutionDispatched? LastDispatch,
    AgentResponded? Response)
{
    public bool IsFinished => Status is ExecutionStatus.Completed or ExecutionStatus.Failed or ExecutionStatus.Blocked;

    public static Execution? Fold(IEnumerable<object> events) =>
        events.Aggregate((Execution?)null, Evolve);

    public static Execution? Evolve(Execution? state, object @event) => (state, @event) switch
    {
        (null, ExecutionRequested e) => new Execution(e.ExecutionId, e.TenantId, e.AgentId, e.RequestedBy, e.RedactedInput, e.CorrelationId, ExecutionStatus.Requested, 0, null, null),
        (null, _) => throw new InvalidOperationException($"An execution stream must start with {nameof(ExecutionRequested)}, not {@event.GetType().Name}."),
        (_, ExecutionDispatched e) => state with { Status = ExecutionStatus.Dispatched, Attempts = e.Attempt, LastDispatch = e },
        (_, AgentResponded e) => state with { Response = e },
        (_, DispatchFailed) => state with { Status = ExecutionStatus.Requested },
        (_, ExecutionCompleted) => state with { Status = ExecutionStatus.Completed },
        (_, ExecutionFailed) => state with { Status = ExecutionStatus.Failed },
        (_, ExecutionBlocked) => state with { Status = ExecutionStatus.Blocked },
        (_, ApprovalRequired) => state with { Status = ExecutionStatus.AwaitingApproval },
        _ => throw new InvalidOperationException($"Unknown execution event {@event.GetType().Name}."),
    };
}
