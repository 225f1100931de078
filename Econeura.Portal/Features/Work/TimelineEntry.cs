namespace Econeura.Portal.Features.Work;

public enum TimelineEntryKind
{
    Requested,
    Dispatched,
    AgentResponded,
    DispatchFailed,
    Completed,
    Failed,
    Blocked,
    ApprovalRequired,
    ApprovalGranted,
    ApprovalEscalated,
    Approved,
    Rejected,
    Expired,
    Cancelled,
    CostRecorded,
    Retried,

    /// <summary>The process that held the call stopped; another makes the same attempt again.</summary>
    Resumed,

    /// <summary>An attempt's outcome was never recorded; it is made again with the same idempotency key.</summary>
    Unconfirmed,

    /// <summary>A call whose reply was lost, charged at the most it could cost.</summary>
    UnconfirmedCostRecorded,

    /// <summary>Someone stopped the agent while it answered; the partial answer was kept.</summary>
    Stopped,
    /// <summary>Nobody decided in time and the policy handed the request back to its requester, who may send it again.</summary>
    ReturnedToRequester,

    /// <summary>
    /// Approved, but when its turn came what the approval rested on had changed: it waits for approval again. The entry's
    /// <see cref="TimelineEntry.Detail"/> is the budget that ran out (<see cref="TimelineEntry.For"/> its owner's name),
    /// its <see cref="TimelineEntry.Actor"/> who no longer may approve it.
    /// </summary>
    SentBackForApproval,
}

/// <summary>
/// One step of the audit timeline, as plain data the page formats: the attempt, a detail (an error, a reason), who acted,
/// and for approvals how many of how many, and whom a delegate acted for (<see cref="For"/>: "by Bruno for Ana").
/// </summary>
public sealed record TimelineEntry(
    TimelineEntryKind Kind, DateTimeOffset At, int? Attempt = null, string? Detail = null, string? Actor = null, int? Count = null, int? Of = null,
    decimal? Amount = null, string? For = null);
