using Econeura.Domain.Common;

namespace Econeura.Domain.Approvals;

public enum ApprovalVerdict
{
    Approve,
    Reject,
}

/// <summary>
/// The groups a request's escalation chain goes through (<see cref="EscalationChains"/>): the app roles, kept simple.
/// By default approvers decide from the start and admins once a request has escalated.
/// </summary>
public enum ApproverGroup
{
    Approvers,
    Admins,
    Finance,
}

/// <param name="PayloadHash">The payload the approver saw; a decision on anything else is refused.</param>
/// <param name="For">The approver away whom a delegate decides for (<see cref="Delegations.DecidingFor"/>); null: for themselves.</param>
/// <param name="Groups">The groups the approver is in (and, when deciding for someone, that person's too).</param>
public sealed record DecideApproval(
    string ApproverId, string ApproverName, IReadOnlySet<ApproverGroup> Groups, ApprovalVerdict Verdict, string? Reason, string PayloadHash,
    Principal? For = null);

/// <summary>Why a decision was not taken; the portal says it in words and the API as a problem document.</summary>
public enum ApprovalRefusal
{
    NotPending,
    OwnRequest,
    AlreadyApprovedByYou,
    NotEscalatedYet,
    PayloadChanged,
    ReasonRequired,
    ReasonTooLong,
    ReasonInvalid,
    DeadlinePassed,
}

/// <summary>
/// The events a decision appends to the approval stream, or why there are none. What they mean for the work the
/// approval holds is that work's feature to say, in the same commit (<c>ExecutionDecisions.FollowApproval</c>).
/// </summary>
public abstract record ApprovalDecision
{
    public sealed record Taken(IReadOnlyList<object> ApprovalEvents) : ApprovalDecision
    {
        public bool IsEmpty => ApprovalEvents.Count == 0;
    }

    public sealed record Refused(ApprovalRefusal Why) : ApprovalDecision;

    public static Taken Nothing { get; } = new([]);
}

/// <summary>Pure decisions of the human in the loop: four-eyes, quorum, payload binding, escalation and expiry.</summary>
public static class ApprovalDecisions
{
    public const int MaxReasonLength = 1_000;

    public static ApprovalDecision Decide(Approval state, DecideApproval command, DateTimeOffset now)
    {
        if (state.Status != ApprovalStatus.Pending) return new ApprovalDecision.Refused(ApprovalRefusal.NotPending);
        // A deadline that passed is expiry's to record, even if its job has not run yet: late approvals never count.
        if (now >= state.ExpireAt) return new ApprovalDecision.Refused(ApprovalRefusal.DeadlinePassed);
        // Four-eyes holds across "for": neither the delegate nor the one they stand in for decides their own request.
        if (command.ApproverId == state.RequestedBy || command.For?.Id == state.RequestedBy) return new ApprovalDecision.Refused(ApprovalRefusal.OwnRequest);
        if (!EscalationChains.MayDecide(state.Chain, state.Stage, command.Groups.Concat(command.For?.Groups ?? Enumerable.Empty<ApproverGroup>())))
            return new ApprovalDecision.Refused(ApprovalRefusal.NotEscalatedYet);
        if (command.PayloadHash != state.PayloadHash) return new ApprovalDecision.Refused(ApprovalRefusal.PayloadChanged);
        if (command.Reason?.Length > MaxReasonLength) return new ApprovalDecision.Refused(ApprovalRefusal.ReasonTooLong);
        if (!StorableText.IsStorable(command.Reason)) return new ApprovalDecision.Refused(ApprovalRefusal.ReasonInvalid);

        if (command.Verdict == ApprovalVerdict.Reject)
        {
            if (string.IsNullOrWhiteSpace(command.Reason)) return new ApprovalDecision.Refused(ApprovalRefusal.ReasonRequired);
            var reason = command.Reason.Trim();
            return new ApprovalDecision.Taken([new ApprovalRejected(state.Id, command.ApproverId, command.ApproverName, reason, now,
                command.For?.Id, command.For?.Name)]);
        }

        // One person, one vote: a delegate who voted (for anyone) cannot vote again, nor for someone who already has.
        if (state.HasVoted(command.ApproverId) || (command.For is { } principal && state.HasVoted(principal.Id)))
            return new ApprovalDecision.Refused(ApprovalRefusal.AlreadyApprovedByYou);
        return new ApprovalDecision.Taken([new ApprovalGranted(state.Id, command.ApproverId, command.ApproverName, command.PayloadHash,
            string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim(), now, command.For?.Id, command.For?.Name)]);
    }

    /// <summary>
    /// What the deadlines call for at <paramref name="now"/>: one escalation per stage of the chain that has started,
    /// then, once the last deadline passed, expiry as the request's policy says (rejected, or returned to its requester;
    /// never approved: no <see cref="ExpiryAction"/> grants anything). Nothing for a decided request, so a deadline job
    /// that runs twice, or after a decision, is harmless.
    /// </summary>
    public static ApprovalDecision.Taken CheckDeadlines(Approval state, DateTimeOffset now)
    {
        if (state.Status != ApprovalStatus.Pending) return ApprovalDecision.Nothing;
        if (now >= state.ExpireAt)
            return new ApprovalDecision.Taken([state.OnExpiry == ExpiryAction.ReturnToRequester
                ? new ApprovalReturned(state.Id, now)
                : new ApprovalExpired(state.Id, now)]);
        var due = EscalationChains.StageAt(state.RequestedAt, state.Chain, now);
        return new ApprovalDecision.Taken([.. Enumerable.Range(state.Stage + 1, Math.Max(0, Math.Min(due, state.Chain.Count - 1) - state.Stage))
            .Select(stage => new ApprovalEscalated(state.Id, now, stage, state.Chain[stage].Group))]);
    }

    /// <summary>The requester withdraws a pending request when they cancel its execution.</summary>
    public static ApprovalDecision.Taken Withdraw(Approval state, string withdrawnBy, DateTimeOffset now) =>
        state.Status == ApprovalStatus.Pending ? new([new ApprovalWithdrawn(state.Id, withdrawnBy, now)]) : ApprovalDecision.Nothing;
}
