using Econeura.Domain.Approvals;
using Econeura.Portal.Features.Dlp;
using Econeura.Domain.Dlp;

namespace Econeura.Portal.Features.Approvals;

/// <summary>What became of a decision, with the request as it stands now so the approver sees what happened.</summary>
public abstract record DecisionOutcome
{
    public sealed record Decided(ApprovalView Approval) : DecisionOutcome;

    public sealed record Refused(ApprovalRefusal Why, ApprovalView Approval) : DecisionOutcome;

    /// <summary>Someone else decided (or the request moved on) since this approver read it; nothing was recorded.</summary>
    public sealed record Conflict(ApprovalView Approval) : DecisionOutcome;

    public sealed record NotFound : DecisionOutcome;
}

/// <summary>
/// Records approvers' decisions: the approval stream and, when the request is settled, its execution's stream
/// (<see cref="IApprovalSettlement"/>), in one commit. Both are appended at the versions read, so of two approvers
/// deciding at once exactly one is recorded.
/// </summary>
public sealed class ApprovalDesk(
    IDocumentStore store, ApprovalQueries queries, DlpScreening dlp, IApprovalSettlement work, DelegationBook delegations, TimeProvider time)
{
    /// <param name="expectedVersion">The version of the request the approver saw; null for "as it is now".</param>
    /// <param name="payloadHash">The payload the approver saw; null for "as it is now".</param>
    public async Task<DecisionOutcome> DecideAsync(
        PortalUser user, Guid approvalId, ApprovalVerdict verdict, string? reason, long? expectedVersion, string? payloadHash,
        CancellationToken cancellationToken = default)
    {
        var actingFor = await delegations.ActingForAsync(user, cancellationToken);
        var write = await store.DecideAsync(user.TenantId, approvalId, state =>
            {
                var decision = ApprovalDecisions.Decide(state,
                    new DecideApproval(user.UserId, user.DisplayName, ApproverGroups.Of(user), verdict, Redacted(reason), payloadHash ?? state.PayloadHash,
                        Delegations.DecidingFor(state, actingFor)),
                    time.GetUtcNow());
                return new Decision<ApprovalDecision>(decision is ApprovalDecision.Taken taken ? taken.ApprovalEvents : [], decision);
            },
            new WriteRules<Approval, ApprovalDecision>(ExpectedVersion: expectedVersion,
                Alongside: (session, approval, decided, token) => work.SettleAsync(session, approval, decided.Events, token)),
            cancellationToken);
        // Someone else's decision landed between the caller's read and this one: theirs stands, shown as a conflict.
        // An approval's execution is ready in the same commit: the dispatch queue hands it on.
        if (write is not StreamWrite<Approval, ApprovalDecision>.Written { Result: var decided })
            return write is StreamWrite<Approval, ApprovalDecision>.NoSuchStream
                ? new DecisionOutcome.NotFound()
                : await ConflictAsync(user, approvalId, cancellationToken);
        var view = await queries.LoadAsync(user.TenantId, approvalId, cancellationToken)
                   ?? throw new InvalidOperationException($"Approval {approvalId} vanished after it was decided.");
        return decided is ApprovalDecision.Refused refused ? new DecisionOutcome.Refused(refused.Why, view) : new DecisionOutcome.Decided(view);
    }

    private async Task<DecisionOutcome> ConflictAsync(PortalUser user, Guid approvalId, CancellationToken cancellationToken) =>
        await queries.LoadAsync(user.TenantId, approvalId, cancellationToken) is { } current
            ? new DecisionOutcome.Conflict(current)
            : new DecisionOutcome.NotFound();

    /// <summary>A reason is free text that the requester and the audit trail keep: it is redacted like any input.</summary>
    private string? Redacted(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return reason;
        var screened = dlp.Screen(reason, DlpPolicy.Default);
        return screened.Scan.Succeeded && screened.Redaction is { } redaction ? redaction.Redacted : "<REDACTED>";
    }
}
