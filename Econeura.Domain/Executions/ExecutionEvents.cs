using Econeura.Domain.Dlp;

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
    IReadOnlyList<Finding> DlpFindings,
    string CorrelationId,
    DateTimeOffset RequestedAt);

/// <summary>The DLP policy (or a failed scan) forbids sending this input; nothing is dispatched.</summary>
public sealed record ExecutionBlocked(Guid ExecutionId, IReadOnlyList<PolicyReason> Reasons, DateTimeOffset BlockedAt);

/// <summary>The input may only leave once a person approves it; the reasons feed the risk policy.</summary>
public sealed record ApprovalRequired(Guid ExecutionId, IReadOnlyList<PolicyReason> Reasons, DateTimeOffset RequiredAt);

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
