using Econeura.Domain.Agents;
using Econeura.Portal.Infrastructure.LiveUpdates;
using Econeura.Domain.Approvals;
using Econeura.Portal.Features.Work;

namespace Econeura.Portal.Features.Approvals;

/// <summary>The read model of one approval request: a row of the queue, its detail, and a line of the decision history.</summary>
public sealed class ApprovalView : RequestedWorkView, ILiveRow
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public Guid ExecutionId { get; set; }
    public string PayloadHash { get; set; } = "";

    /// <summary>The conversation sent with a conversation's turn, redacted: what approvers approve with the input.</summary>
    public List<AgentMessage> History { get; set; } = [];
    public RiskLevel Risk { get; set; }
    public List<RiskReason> Reasons { get; set; } = [];
    public decimal EstimatedCostEur { get; set; }
    public int ApprovalsRequired { get; set; }
    public List<ApprovalVote> Approvals { get; set; } = [];
    public ApprovalStatus Status { get; set; }
    public bool Escalated { get; set; }

    /// <summary>The stages of its escalation chain, and the one it is at (0: the first).</summary>
    public List<ChainStage> Chain { get; set; } = [];
    public int Stage { get; set; }

    /// <summary>When its next stage starts; null at the last one (its expiry comes next).</summary>
    public DateTimeOffset? NextStageAt { get; set; }
    public DateTimeOffset EscalateAt { get; set; }
    public DateTimeOffset ExpireAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? RejectedBy { get; set; }
    public string? RejectionReason { get; set; }

    /// <summary>The approver away whom a delegate rejected for, if one did.</summary>
    public string? RejectedFor { get; set; }

    /// <summary>Everyone who decided (approved or rejected), for "my decisions".</summary>
    public List<string> DeciderIds { get; set; } = [];

    public List<TimelineEntry> Timeline { get; set; } = [];

    /// <summary>Set when an approved request came back to people at its turn to run: what changed, and who had decided it.</summary>
    public SentBack? SentBack { get; set; }

    public int ApprovalCount => Approvals.Count(a => a.PayloadHash == PayloadHash);

    public bool IsPending => Status == ApprovalStatus.Pending;

    /// <summary>Whether someone in <paramref name="groups"/> may decide it at the stage it is at.</summary>
    public bool DecidableBy(IEnumerable<ApproverGroup> groups) => EscalationChains.MayDecide(Chain, Stage, groups);
}

/// <param name="ForName">The approver away whom a delegate voted for; null when they voted for themselves.</param>
public sealed record ApprovalVote(string ApproverId, string ApproverName, string PayloadHash, string? Comment, DateTimeOffset At, string? ForName = null);
