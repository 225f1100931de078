using Marten.Events.Aggregation;
using Econeura.Domain.Approvals;
using Econeura.Portal.Features.Work;

namespace Econeura.Portal.Features.Approvals;

/// <summary>Builds <see cref="ApprovalView"/> inline, in the transaction that appends the events. Times come from the events.</summary>
public sealed partial class ApprovalViewProjection : SingleStreamProjection<ApprovalView, Guid>
{
    public static ApprovalView Create(ApprovalRequested e)
    {
        var view = new ApprovalView
        {
            Id = e.ApprovalId,
            ExecutionId = e.ExecutionId,
            PayloadHash = e.PayloadHash,
            History = [.. e.History ?? []],
            Risk = e.Risk,
            Reasons = [.. e.Reasons],
            EstimatedCostEur = e.EstimatedCostEur,
            ApprovalsRequired = e.ApprovalsRequired,
            Status = ApprovalStatus.Pending,
            EscalateAt = e.EscalateAt,
            ExpireAt = e.ExpireAt,
            Chain = [.. e.Stages],
            NextStageAt = e.Stages.Count > 1 ? e.EscalateAt : null,
            Timeline = [new TimelineEntry(TimelineEntryKind.ApprovalRequired, e.RequestedAt, Of: e.ApprovalsRequired)],
            SentBack = e.SentBack,
        };
        view.Describe(e, e.Placeholders);
        return view;
    }

    public void Apply(ApprovalView view, ApprovalGranted e)
    {
        view.Approvals.Add(new ApprovalVote(e.ApproverId, e.ApproverName, e.PayloadHash, e.Comment, e.GrantedAt, e.ForName));
        view.DeciderIds.Add(e.ApproverId);
        view.Timeline.Add(new TimelineEntry(TimelineEntryKind.ApprovalGranted, e.GrantedAt, Detail: e.Comment, Actor: e.ApproverName,
            Count: view.ApprovalCount, Of: view.ApprovalsRequired, For: e.ForName));
        if (view.ApprovalCount < view.ApprovalsRequired) return;
        view.Status = ApprovalStatus.Approved;
        view.DecidedAt = e.GrantedAt;
    }

    public void Apply(ApprovalView view, ApprovalRejected e)
    {
        Decide(view, ApprovalStatus.Rejected,
            new TimelineEntry(TimelineEntryKind.Rejected, e.RejectedAt, Detail: e.Reason, Actor: e.ApproverName, For: e.ForName));
        view.RejectedBy = e.ApproverName;
        view.RejectedFor = e.ForName;
        view.RejectionReason = e.Reason;
        view.DeciderIds.Add(e.ApproverId);
    }

    public void Apply(ApprovalView view, ApprovalEscalated e)
    {
        view.Escalated = true;
        view.Stage = e.Stage;
        view.NextStageAt = e.Stage < view.Chain.Count - 1 ? EscalationChains.EndOf(view.RequestedAt, view.Chain, e.Stage) : null;
        // The group the request reached, by name: the timeline words it in the reader's language.
        view.Timeline.Add(new TimelineEntry(TimelineEntryKind.ApprovalEscalated, e.EscalatedAt, Detail: e.Group.ToString(), Count: e.Stage));
    }

    public void Apply(ApprovalView view, ApprovalExpired e) =>
        Decide(view, ApprovalStatus.Expired, new TimelineEntry(TimelineEntryKind.Expired, e.ExpiredAt));

    public void Apply(ApprovalView view, ApprovalReturned e) =>
        Decide(view, ApprovalStatus.Returned, new TimelineEntry(TimelineEntryKind.ReturnedToRequester, e.ReturnedAt));

    public void Apply(ApprovalView view, ApprovalWithdrawn e) =>
        Decide(view, ApprovalStatus.Withdrawn, new TimelineEntry(TimelineEntryKind.Cancelled, e.WithdrawnAt, Actor: e.WithdrawnBy));

    /// <summary>The request is decided (<paramref name="status"/>) with <paramref name="step"/>, at the step's time.</summary>
    private static void Decide(ApprovalView view, ApprovalStatus status, TimelineEntry step)
    {
        view.Status = status;
        view.DecidedAt = step.At;
        view.Timeline.Add(step);
    }
}
