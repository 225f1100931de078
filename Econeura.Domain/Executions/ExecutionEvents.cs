namespace Econeura.Domain.Executions;

// Events are the audit trail: each says who and when, and never carries raw personal data.

public sealed record ExecutionRequested(
    Guid ExecutionId,
    string TenantId,
    string AgentId,
    string AgentName,
    string Department,
    string RequestedBy,
    string RequestedByName,
    string RedactedInput,
    string CorrelationId,
    DateTimeOffset RequestedAt);

public sealed record ExecutionDispatched(Guid ExecutionId, int Attempt, string JobId, DateTimeOffset DispatchedAt);

public sealed record AgentResponded(
    Guid ExecutionId,
    int Attempt,
    string Output,
    int InputTokens,
    int OutputTokens,
    long DurationMs,
    DateTimeOffset RespondedAt);

public sealed record DispatchFailed(Guid ExecutionId, int Attempt, string Error, bool WillRetry, DateTimeOffset FailedAt);

public sealed record ExecutionCompleted(Guid ExecutionId, decimal CostEur, DateTimeOffset CompletedAt);

public sealed record ExecutionFailed(Guid ExecutionId, string Reason, DateTimeOffset FailedAt);
