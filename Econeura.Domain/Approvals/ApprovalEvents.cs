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
    // the chain the policy routed it to and what its expiry does; a request stored before chains has today's two stages
    IReadOnlyList<ChainStage>? Chain = null,
    ExpiryAction OnExpiry = ExpiryAction.Reject,
    IReadOnlyList<Econeura.Domain.Agents.AgentMessage>? History = null,
    SentBack? SentBack = null) : IRequestedWork
{
    /// <summary>The stages it goes through: its own, or for a request stored before chains, approvers then admins.</summary>
    public IReadOnlyList<ChainStage> Stages => Chain is { Count: > 0 } chain
        ? chain
        : [new(ApproverGroup.Approvers, EscalateAt - RequestedAt), new(ApproverGroup.Admins, ExpireAt - EscalateAt)];
}

/// <summary>
/// Why an approved request came back for approval when its turn to run came (<see cref="Executions.ExecutionDecisions.SendBackBeforeDispatch"/>):
/// a budget whose policy asks for approval at its limit had run past it (<see cref="BudgetScope"/>, with its owner's
/// name for a person's budget), or people whose votes made the approval no longer hold a role that may decide it
/// (<see cref="WithoutRole"/>, by name). <see cref="DecidedBy"/> are the ids of everyone whose vote counted: they are told.
/// </summary>
public sealed record SentBack(
    Guid PreviousApprovalId, IReadOnlyList<string> DecidedBy, string? BudgetScope = null, string? BudgetOwnerName = null,
    IReadOnlyList<string>? WithoutRole = null);

/// <summary>
/// One approver's yes, for the payload they saw (<see cref="PayloadHash"/>): it counts only while that is still the payload.
/// A delegate's yes names whom they stood in for (<see cref="ForId"/>): one vote, for both of them.
/// </summary>
public sealed record ApprovalGranted(
    Guid ApprovalId, string ApproverId, string ApproverName, string PayloadHash, string? Comment, DateTimeOffset GrantedAt,
    string? ForId = null, string? ForName = null);

/// <summary>One approver's no, with the reason the requester reads; one is enough to reject. A delegate's names whom they stood in for.</summary>
public sealed record ApprovalRejected(
    Guid ApprovalId, string ApproverId, string ApproverName, string Reason, DateTimeOffset RejectedAt, string? ForId = null, string? ForName = null);

/// <summary>
/// A stage's deadline passed without a decision: the request moved to <see cref="Stage"/> of its chain and
/// <see cref="Group"/> may decide too (stored before chains: stage 1, admins).
/// </summary>
public sealed record ApprovalEscalated(Guid ApprovalId, DateTimeOffset EscalatedAt, int Stage = 1, ApproverGroup Group = ApproverGroup.Admins);

/// <summary>The last deadline passed without a decision: the request is rejected, never approved.</summary>
public sealed record ApprovalExpired(Guid ApprovalId, DateTimeOffset ExpiredAt);

/// <summary>
/// The last deadline passed without a decision and the policy hands such requests back: the request ends, not approved,
/// and its requester reads that it came back to them and may send it again.
/// </summary>
public sealed record ApprovalReturned(Guid ApprovalId, DateTimeOffset ReturnedAt);

/// <summary>The requester cancelled the execution while it waited; nobody can decide any more.</summary>
public sealed record ApprovalWithdrawn(Guid ApprovalId, string WithdrawnBy, DateTimeOffset WithdrawnAt);
