using Econeura.Portal.Infrastructure.LiveUpdates;
using Econeura.Domain.Approvals;
using Econeura.Domain.Dlp;
using Econeura.Domain.Executions;
using Econeura.Portal.Features.Work;

namespace Econeura.Portal.Features.Executions;

/// <summary>The read model of one execution: what the list and the detail page show, with its timeline.</summary>
public sealed class ExecutionView : RequestedWorkView, ILiveRow
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string CorrelationId { get; set; } = "";

    /// <summary>The conversation this execution is a turn of.</summary>
    public Guid? ConversationId { get; set; }

    /// <summary>A copy without what was said (input, placeholders, answer), for a reader who may see only that it ran.</summary>
    public ExecutionView WithoutContent()
    {
        var copy = (ExecutionView)MemberwiseClone();
        copy.RedactedInput = "";
        copy.Placeholders = [];
        copy.Output = null;
        return copy;
    }
    public ExecutionStatus Status { get; set; }
    public int Attempts { get; set; }

    /// <summary>When the next attempt is due, while a failed attempt waits out its back-off; null otherwise.</summary>
    public DateTimeOffset? RetryAt { get; set; }

    /// <summary>Waiting to call the agent again after a failed attempt: "retrying", not "requested".</summary>
    public bool IsRetrying => Status == ExecutionStatus.Requested && RetryAt is not null;
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The portal process making the agent call while dispatched; if it stops beating, another takes over.</summary>
    public string? DispatchNode { get; set; }

    /// <summary>When the stream last moved; a stream that stops moving while unfinished has lost its job.</summary>
    public DateTimeOffset LastChangedAt { get; set; }
    public string? Output { get; set; }
    public string? FailureReason { get; set; }
    public FailureCause FailureCause { get; set; }
    public int FailureTries { get; set; }
    public string? LastError { get; set; }

    /// <summary>The budget that stopped the run, when it failed for want of room in one.</summary>
    public string? BudgetScope { get; set; }
    public int InputTokens { get; set; }
    public int OutputTokens { get; set; }
    public long? AgentDurationMs { get; set; }
    public decimal? CostEur { get; set; }

    /// <summary>How many findings of each entity type DLP made in the input; the values themselves are never kept.</summary>
    public Dictionary<EntityType, int> DlpFindingCounts { get; set; } = [];

    /// <summary>The kinds of data found in the input that <paramref name="policy"/> now treats with one of <paramref name="actions"/>.</summary>
    public IReadOnlyList<EntityType> KindsFoundThat(DlpPolicy policy, params DlpAction[] actions) =>
        [.. DlpFindingCounts.Keys.Where(type => actions.Contains(policy.ActionFor(type)))];

    /// <summary>Why the input was blocked or held for approval.</summary>
    public List<PolicyReason> DlpReasons { get; set; } = [];

    public RiskLevel Risk { get; set; }
    public List<RiskReason> RiskReasons { get; set; } = [];
    public decimal? EstimatedCostEur { get; set; }

    /// <summary>The approval request that holds (or held) this execution, and how many approvals it needs.</summary>
    public Guid? ApprovalId { get; set; }
    public int ApprovalsRequired { get; set; }
    public List<string> ApprovedBy { get; set; } = [];
    public string? RejectedBy { get; set; }

    public List<TimelineEntry> Timeline { get; set; } = [];

    /// <summary>Who retried this run, when someone other than <paramref name="reader"/> (a display name) did and it has finished since; else null.</summary>
    public string? FinishedAfterRetryBy(string reader) =>
        FinishedAt is not null && Timeline.LastOrDefault(e => e.Kind == TimelineEntryKind.Retried) is { Actor: { } by } && by != reader ? by : null;

    /// <summary>The caller's own labels, as the gateway's <c>meta</c> gave them.</summary>
    public Dictionary<string, string> Meta { get; set; } = [];
}
