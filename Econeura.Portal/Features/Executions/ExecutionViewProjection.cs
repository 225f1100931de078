using Marten.Events.Aggregation;
using Econeura.Domain.Executions;
using Econeura.Domain.FinOps;
using Econeura.Portal.Features.Work;

namespace Econeura.Portal.Features.Executions;

/// <summary>Builds <see cref="ExecutionView"/> inline, in the transaction that appends the events. Times come from the events, never the clock.</summary>
public sealed partial class ExecutionViewProjection : SingleStreamProjection<ExecutionView, Guid>
{
    public static ExecutionView Create(ExecutionRequested e)
    {
        var view = new ExecutionView
        {
            Id = e.ExecutionId,
            LastChangedAt = e.RequestedAt,
            CorrelationId = e.CorrelationId,
            ConversationId = e.ConversationId,
            Status = ExecutionStatus.Requested,
            DlpFindingCounts = e.DlpFindings.GroupBy(f => f.Type).ToDictionary(g => g.Key, g => g.Count()),
            Risk = e.Risk,
            // Requests recorded before the risk policy existed carry no reasons.
            RiskReasons = [.. e.RiskReasons ?? []],
            EstimatedCostEur = e.EstimatedCostEur,
            Timeline = [new TimelineEntry(TimelineEntryKind.Requested, e.RequestedAt)],
            Meta = e.Meta is null ? [] : new Dictionary<string, string>(e.Meta),
        };
        view.Describe(e, e.Placeholders);
        return view;
    }

    public void Apply(ExecutionView view, ExecutionDispatched e)
    {
        view.Status = ExecutionStatus.Dispatched;
        view.Attempts = e.Attempt;
        view.RetryAt = null;
        view.DispatchNode = e.Node;
        view.Timeline.Add(new TimelineEntry(e.AfterNodeLoss ? TimelineEntryKind.Resumed : TimelineEntryKind.Dispatched, e.DispatchedAt, e.Attempt));
        view.LastChangedAt = e.DispatchedAt;
    }

    public void Apply(ExecutionView view, AgentCallUnconfirmed e)
    {
        view.Timeline.Add(new TimelineEntry(TimelineEntryKind.Unconfirmed, e.NoticedAt, e.Attempt));
        view.LastChangedAt = e.NoticedAt;
    }

    public void Apply(ExecutionView view, AgentResponded e)
    {
        view.Output = e.Output;
        view.InputTokens = e.InputTokens;
        view.OutputTokens = e.OutputTokens;
        view.AgentDurationMs = e.DurationMs;
        view.Timeline.Add(new TimelineEntry(TimelineEntryKind.AgentResponded, e.RespondedAt, e.Attempt));
    }

    /// <summary>The partial answer is the output, marked stopped by who stopped it.</summary>
    public void Apply(ExecutionView view, AnswerStopped e)
    {
        view.Output = e.PartialOutput;
        view.InputTokens = e.InputTokens;
        view.OutputTokens = e.OutputTokens;
        view.AgentDurationMs = e.DurationMs;
        End(view, ExecutionStatus.Stopped, new TimelineEntry(TimelineEntryKind.Stopped, e.StoppedAt, e.Attempt, Actor: e.StoppedBy));
        view.LastChangedAt = e.StoppedAt;
    }

    public void Apply(ExecutionView view, DispatchFailed e)
    {
        view.Status = ExecutionStatus.Requested;
        // The same back-off the dispatch queue waits (DispatchQueueProjection): the page says when the next call is due.
        view.RetryAt = e.WillRetry ? e.FailedAt + ExecutionDecisions.RetryDelay(e.Attempt) : null;
        view.Timeline.Add(new TimelineEntry(TimelineEntryKind.DispatchFailed, e.FailedAt, e.Attempt, e.Error));
        view.LastChangedAt = e.FailedAt;
    }

    public void Apply(ExecutionView view, CostRecorded e)
    {
        view.CostEur = (view.CostEur ?? 0m) + e.CostEur;
        view.Timeline.Add(new TimelineEntry(e.Unconfirmed ? TimelineEntryKind.UnconfirmedCostRecorded : TimelineEntryKind.CostRecorded,
            e.RecordedAt, e.Attempt, Actor: e.Model, Amount: e.CostEur));
    }

    public void Apply(ExecutionView view, ExecutionCompleted e) =>
        End(view, ExecutionStatus.Completed, new TimelineEntry(TimelineEntryKind.Completed, e.CompletedAt));

    public void Apply(ExecutionView view, ExecutionBlocked e)
    {
        // The step says why in English, for the API and the audit trail; the page words the reasons in the reader's language.
        var why = string.Join("; ", e.Reasons.Select(r => r.Message));
        End(view, ExecutionStatus.Blocked, new TimelineEntry(TimelineEntryKind.Blocked, e.BlockedAt, Detail: why));
        view.DlpReasons = [.. e.Reasons];
    }

    public void Apply(ExecutionView view, ApprovalRequired e)
    {
        view.Status = ExecutionStatus.AwaitingApproval;
        view.DlpReasons = [.. e.Reasons];
        view.ApprovalId = e.ApprovalId;
        view.ApprovalsRequired = e.ApprovalsRequired;
        view.Timeline.Add(new TimelineEntry(TimelineEntryKind.ApprovalRequired, e.RequiredAt, Of: e.ApprovalsRequired));
        view.LastChangedAt = e.RequiredAt;
    }

    /// <summary>The step keeps what changed as data (the budget, its owner, who lost the role) for the page to word.</summary>
    public void Apply(ExecutionView view, ApprovalRequiredAgain e)
    {
        view.Status = ExecutionStatus.AwaitingApproval;
        view.ApprovalId = e.ApprovalId;
        view.ApprovalsRequired = e.ApprovalsRequired;
        view.Timeline.Add(new TimelineEntry(TimelineEntryKind.SentBackForApproval, e.RequiredAt, Detail: e.Because.BudgetScope,
            Actor: e.Because.WithoutRole is { Count: > 0 } names ? string.Join(", ", names) : null, Of: e.ApprovalsRequired, For: e.Because.BudgetOwnerName));
        view.LastChangedAt = e.RequiredAt;
    }

    public void Apply(ExecutionView view, ExecutionApproved e)
    {
        view.Status = ExecutionStatus.Requested;
        view.ApprovedBy = [.. e.ApprovedBy];
        view.Timeline.Add(new TimelineEntry(TimelineEntryKind.Approved, e.ApprovedAt, Actor: string.Join(", ", e.ApprovedBy)));
        view.LastChangedAt = e.ApprovedAt;
    }

    public void Apply(ExecutionView view, ExecutionRejected e)
    {
        End(view, ExecutionStatus.Rejected, new TimelineEntry(TimelineEntryKind.Rejected, e.RejectedAt, Detail: e.Reason, Actor: e.RejectedBy));
        view.RejectedBy = e.RejectedBy;
        view.FailureReason = e.Reason;
        view.LastChangedAt = e.RejectedAt;
    }

    public void Apply(ExecutionView view, ExecutionExpired e)
    {
        End(view, ExecutionStatus.Expired,
            new TimelineEntry(e.ReturnedToRequester ? TimelineEntryKind.ReturnedToRequester : TimelineEntryKind.Expired, e.ExpiredAt));
        view.LastChangedAt = e.ExpiredAt;
    }

    public void Apply(ExecutionView view, ExecutionCancelled e)
    {
        End(view, ExecutionStatus.Cancelled, new TimelineEntry(TimelineEntryKind.Cancelled, e.CancelledAt, Actor: e.CancelledBy));
        view.LastChangedAt = e.CancelledAt;
    }

    public void Apply(ExecutionView view, ExecutionFailed e)
    {
        // The step shows the agent's own last words; the page words the cause in the reader's language. Failures recorded
        // before causes were keep their English reason.
        End(view, ExecutionStatus.Failed, new TimelineEntry(TimelineEntryKind.Failed, e.FailedAt, Detail: e.Cause == FailureCause.Other ? e.Reason
            : e.LastError));
        view.FailureReason = e.Reason;
        view.FailureCause = e.Cause;
        view.FailureTries = e.Tries;
        view.LastError = e.LastError;
        view.BudgetScope = e.BudgetScope;
        view.LastChangedAt = e.FailedAt;
    }

    public void Apply(ExecutionView view, ExecutionRetried e)
    {
        view.Status = ExecutionStatus.Requested;
        view.FinishedAt = null;
        view.FailureReason = null;
        view.FailureCause = FailureCause.Other;
        view.FailureTries = 0;
        view.LastError = null;
        view.BudgetScope = null;
        view.Timeline.Add(new TimelineEntry(TimelineEntryKind.Retried, e.RetriedAt, Actor: e.RetriedBy));
        view.LastChangedAt = e.RetriedAt;
    }

    /// <summary>The execution ends in <paramref name="status"/> with <paramref name="step"/>, at the step's time.</summary>
    private static void End(ExecutionView view, ExecutionStatus status, TimelineEntry step)
    {
        view.Status = status;
        view.RetryAt = null;
        view.FinishedAt = step.At;
        view.Timeline.Add(step);
    }
}
