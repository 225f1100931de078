using Econeura.Domain.Common;
using Econeura.Domain.Approvals;
using Econeura.Domain.Agents;
using Econeura.Domain.Dlp;

namespace Econeura.Domain.Executions;

// Events are the audit trail: each says who and when, and never carries raw personal data.

/// <param name="RequesterCostCentre">The requester's cost centre at the moment of the request: every cost of the run is charged to it.</param>
/// <param name="Meta">The caller's own labels (the gateway's <c>meta</c>): bounded, and screened to carry no personal data.</param>
/// <param name="ConversationId">The conversation this execution is a turn of.</param>
/// <param name="History">The conversation before this turn as it is sent with it (redacted, within the agent's context limit).</param>
public sealed record ExecutionRequested(
    Guid ExecutionId,
    // what every request for an agent's work says (IRequestedWork, with RequestedAt), on the execution and its approval alike
    string TenantId, string AgentId, string AgentName, string Department, string RequestedBy, string RequestedByName, string RedactedInput,
    IReadOnlyList<Finding> DlpFindings,
    string CorrelationId,
    DateTimeOffset RequestedAt,
    RiskLevel Risk = RiskLevel.Low,
    IReadOnlyList<RiskReason>? RiskReasons = null,
    decimal? EstimatedCostEur = null,
    IReadOnlyList<Replacement>? Placeholders = null,
    string? RequesterCostCentre = null,
    IReadOnlyDictionary<string, string>? Meta = null,
    Guid? ConversationId = null,
    IReadOnlyList<AgentMessage>? History = null) : IRequestedWork;

/// <summary>The DLP policy (or a failed scan) forbids sending this input; nothing is dispatched.</summary>
public sealed record ExecutionBlocked(Guid ExecutionId, IReadOnlyList<PolicyReason> Reasons, DateTimeOffset BlockedAt);

/// <summary>
/// The input may only leave once <see cref="ApprovalsRequired"/> people approve it, in the approval stream
/// <see cref="ApprovalId"/>; <see cref="Reasons"/> are the DLP policy's, when it was one of the causes.
/// </summary>
public sealed record ApprovalRequired(
    Guid ExecutionId, IReadOnlyList<PolicyReason> Reasons, DateTimeOffset RequiredAt, Guid? ApprovalId = null, int ApprovalsRequired = 1);

/// <summary>
/// The run was approved, but when its turn came what the approval rested on had changed (<see cref="Because"/>): it waits
/// for people again, in the new approval stream <see cref="ApprovalId"/>; nothing was sent. <see cref="Reason"/> is the
/// English record; pages word <see cref="Because"/> in the reader's language.
/// </summary>
public sealed record ApprovalRequiredAgain(
    Guid ExecutionId, Guid ApprovalId, SentBack Because, string Reason, DateTimeOffset RequiredAt, int ApprovalsRequired = 1);

/// <summary>The approvals are in: the execution may be dispatched, with exactly the payload they approved.</summary>
public sealed record ExecutionApproved(Guid ExecutionId, Guid ApprovalId, string PayloadHash, IReadOnlyList<string> ApprovedBy, DateTimeOffset ApprovedAt);

/// <summary>An approver said no. Final.</summary>
public sealed record ExecutionRejected(Guid ExecutionId, Guid ApprovalId, string RejectedBy, string Reason, DateTimeOffset RejectedAt);

/// <summary>Nobody decided before the approval's last deadline: rejected, never approved. Final.</summary>
/// <param name="ReturnedToRequester">The policy hands requests nobody decided back to their requester, who may send them again.</param>
public sealed record ExecutionExpired(Guid ExecutionId, Guid ApprovalId, DateTimeOffset ExpiredAt, bool ReturnedToRequester = false);

/// <summary>The requester (or an admin) cancelled the execution before it was sent. Final.</summary>
public sealed record ExecutionCancelled(Guid ExecutionId, string CancelledBy, DateTimeOffset CancelledAt);

/// <summary>An admin sent a failed execution again: it waits for a worker, with a fresh set of attempts.</summary>
public sealed record ExecutionRetried(Guid ExecutionId, string RetriedBy, DateTimeOffset RetriedAt);

/// <summary>
/// The job that made attempt <paramref name="Attempt"/> ran again without having recorded its outcome: the agent may
/// have answered (and charged) while the reply could not be saved. The attempt is made again with the same idempotency key.
/// </summary>
public sealed record AgentCallUnconfirmed(Guid ExecutionId, int Attempt, DateTimeOffset NoticedAt);

/// <param name="Node">The portal process making the call; while it is alive (it heartbeats) nobody else calls.</param>
/// <param name="AfterNodeLoss">This dispatch resumes the same attempt because the process that held it stopped.</param>
public sealed record ExecutionDispatched(
    Guid ExecutionId, int Attempt, string JobId, DateTimeOffset DispatchedAt, string? Node = null, bool AfterNodeLoss = false);

public sealed record AgentResponded(
    Guid ExecutionId,
    int Attempt,
    string Output,
    int InputTokens,
    int OutputTokens,
    long DurationMs,
    DateTimeOffset RespondedAt);

/// <summary>
/// Someone stopped the call while the agent was answering. Final: <paramref name="PartialOutput"/> is what it had written,
/// and the tokens are the model's own count when it sent one, else estimated from the text; the call is charged for them.
/// </summary>
public sealed record AnswerStopped(
    Guid ExecutionId, int Attempt, string PartialOutput, int InputTokens, int OutputTokens, long DurationMs, string StoppedBy, DateTimeOffset StoppedAt);

public sealed record DispatchFailed(Guid ExecutionId, int Attempt, string Error, bool WillRetry, DateTimeOffset FailedAt);

public sealed record ExecutionCompleted(Guid ExecutionId, decimal CostEur, DateTimeOffset CompletedAt);

/// <param name="Reason">The record in English, for the audit trail and the API.</param>
/// <param name="Cause">Why, for a reader in their own language (with <paramref name="Tries"/> and the agent's <paramref name="LastError"/>).</param>
/// <param name="BudgetScope">The budget that had no room, when that is the cause.</param>
public sealed record ExecutionFailed(
    Guid ExecutionId, string Reason, DateTimeOffset FailedAt, FailureCause Cause = FailureCause.Other, int Tries = 0, string? LastError = null,
    string? BudgetScope = null);

public enum FailureCause
{
    /// <summary>Recorded before causes were: only the English reason tells.</summary>
    Other,
    AgentFailed,

    /// <summary>The agent answered that it will not do this call (a 4xx): not tried again.</summary>
    AgentRefused,
    NoOutcome,
    NoAttemptsLeft,
    InputChangedAfterApproval,

    /// <summary>When it was its turn to be sent, a budget whose policy blocks had no room left for it: nothing was sent.</summary>
    BudgetExhausted,

    /// <summary>When it was its turn to be sent, its organisation had been offboarded: nothing was sent.</summary>
    OrganisationOffboarded,

    /// <summary>When it was its turn to be sent, its agent had been disabled or removed from the catalog: nothing was sent.</summary>
    AgentUnavailable,

    /// <summary>When it was its turn to be sent, the agent's DLP policy blocked a kind of personal data found in its input: nothing was sent.</summary>
    DlpPolicyChanged,
}
