using JasperFx;
using JasperFx.Events;
using Econeura.Domain.Approvals;
using Econeura.Portal.Features.Dlp;
using Econeura.Portal.Features.Executions;
using Econeura.Domain.Dlp;
using Econeura.Domain.Executions;

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
/// Records approvers' decisions: the approval stream and, when the request is settled, its execution's stream, in one
/// commit. Both are appended at the versions read, so of two approvers deciding at once exactly one is recorded.
/// </summary>
public sealed class ApprovalDesk(IDocumentStore store, ApprovalQueries queries, DlpScreening dlp, ExecutionLauncher launcher, TimeProvider time)
{
    /// <param name="expectedVersion">The version of the request the approver saw; null for "as it is now".</param>
    /// <param name="payloadHash">The payload the approver saw; null for "as it is now".</param>
    public async Task<DecisionOutcome> DecideAsync(
        PortalUser user, Guid approvalId, ApprovalVerdict verdict, string? reason, long? expectedVersion, string? payloadHash,
        CancellationToken cancellationToken = default)
    {
        ApprovalDecision decision;
        Approval state;
        await using (var session = store.LightweightSession(user.TenantId))
        {
            try
            {
                var stream = expectedVersion is { } version
                    ? await session.Events.FetchForWriting<Approval>(approvalId, version, cancellationToken)
                    : await session.Events.FetchForWriting<Approval>(approvalId, cancellationToken);
                if (stream.Aggregate is null) return new DecisionOutcome.NotFound();
                // Someone else's decision landed between the caller's read and this one: theirs stands, shown as a conflict.
                if (expectedVersion is { } read && stream.StartingVersion != read) return await ConflictAsync(user, approvalId, cancellationToken);
                state = stream.Aggregate;
                var group = user.IsInRole(AppRoles.Approver) ? ApproverGroup.Approvers : ApproverGroup.EscalationGroup;
                decision = ApprovalDecisions.Decide(state,
                    new DecideApproval(user.UserId, user.DisplayName, group, verdict, Redacted(reason), payloadHash ?? state.PayloadHash),
                    time.GetUtcNow());
                if (decision is ApprovalDecision.Taken taken)
                {
                    stream.AppendMany(taken.ApprovalEvents);
                    await AppendToExecutionAsync(session, state.ExecutionId, taken.ExecutionEvents, cancellationToken);
                    await session.SaveChangesAsync(cancellationToken);
                }
            }
            catch (Exception exception) when (exception is EventStreamUnexpectedMaxEventIdException or ConcurrencyException)
            {
                return await ConflictAsync(user, approvalId, cancellationToken);
            }
        }

        if (decision is ApprovalDecision.Taken { ExecutionEvents: var executionEvents } && executionEvents.OfType<ExecutionApproved>().Any())
            await launcher.EnqueueDispatchAsync(user.TenantId, state.ExecutionId);
        var view = await queries.LoadAsync(user.TenantId, approvalId, cancellationToken)
                   ?? throw new InvalidOperationException($"Approval {approvalId} vanished after it was decided.");
        return decision is ApprovalDecision.Refused refused ? new DecisionOutcome.Refused(refused.Why, view) : new DecisionOutcome.Decided(view);
    }

    private async Task<DecisionOutcome> ConflictAsync(PortalUser user, Guid approvalId, CancellationToken cancellationToken) =>
        await queries.LoadAsync(user.TenantId, approvalId, cancellationToken) is { } current
            ? new DecisionOutcome.Conflict(current)
            : new DecisionOutcome.NotFound();

    /// <summary>Appends to the execution a decision settled, in the caller's session: both streams commit together or not at all.</summary>
    public static async Task AppendToExecutionAsync(IDocumentSession session, Guid executionId, IReadOnlyList<object> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        var execution = await session.Events.FetchForWriting<Execution>(executionId, cancellationToken);
        execution.AppendMany(events);
    }

    /// <summary>A reason is free text that the requester and the audit trail keep: it is redacted like any input.</summary>
    private string? Redacted(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return reason;
        var screened = dlp.Screen(reason, DlpPolicy.Default);
        return screened.Scan.Succeeded && screened.Redaction is { } redaction ? redaction.Redacted : "<REDACTED>";
    }
}
