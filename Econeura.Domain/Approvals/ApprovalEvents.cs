using Econeura.Domain.Common;

namespace Econeura.Domain.Approvals;

// One stream per approval request, linked to its execution. Events say who and when; the input they carry is the
// redacted one, exactly what will be sent.

/// <param name="History">The conversation sent with a conversation's turn, redacted: approvers approve it with the input.</param>
public sealed record ApprovalRequested(
    Guid ApprovalId,
    Guid ExecutionId,
    // what every request for an agent's work says (IRequestedWork, with RequestedAt), on the execution and its approval alike
    string TenantId, string AgentId, string AgentName, string Department, string RequestedBy, string RequestedByName, string RedactedInput,
    IReadOnlyList<Econeura.Domain.Dlp.Replacement> Placeholders,
    string PayloadHash,
    RiskLevel Risk,
    IReadOnlyList<RiskReason> Reasons,
    decimal EstimatedCostEur,
    int ApprovalsRequired,
    DateTimeOffset EscalateAt,
    DateTimeOffset ExpireAt,
    DateTimeOffset RequestedAt,
    IReadOnlyList<Econeura.Domain.Agents.AgentMessage>? History = null) : IRequestedWork;

/// <summary>One approver's yes, for the payload they saw (<see cref="PayloadHash"/>): it counts only while that is still the payload.</summary>
public sealed record ApprovalGranted(Guid ApprovalId, string ApproverId, string ApproverName, string PayloadHash, string? Comment, DateTimeOffset GrantedAt);

/// <summary>One approver's no, with the reason the requester reads; one is enough to reject.</summary>
public sealed record ApprovalRejected(Guid ApprovalId, string ApproverId, string ApproverName, string Reason, DateTimeOffset RejectedAt);

/// <summary>The first deadline passed without a decision: the wider group (admins) may decide too.</summary>
public sealed record ApprovalEscalated(Guid ApprovalId, DateTimeOffset EscalatedAt);

/// <summary>The last deadline passed without a decision: the request is rejected, never approved.</summary>
public sealed record ApprovalExpired(Guid ApprovalId, DateTimeOffset ExpiredAt);

/// <summary>The requester cancelled the execution while it waited; nobody can decide any more.</summary>
public sealed record ApprovalWithdrawn(Guid ApprovalId, string WithdrawnBy, DateTimeOffset WithdrawnAt);
