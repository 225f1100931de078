namespace Econeura.Domain.Approvals;

/// <summary>
/// One stage of an escalation chain: the group that joins the deciders when it starts, how long it lasts, and the
/// estimated cost from which a request goes through it at all (0: every request). Groups are the app roles.
/// </summary>
public sealed record ChainStage(ApproverGroup Group, TimeSpan Period, decimal FromCostEur = 0);

/// <summary>What the last deadline does to a request nobody decided: never an approval.</summary>
public enum ExpiryAction
{
    /// <summary>Rejected as expired (the default).</summary>
    Reject,

    /// <summary>Handed back to its requester with a note; they may send it again.</summary>
    ReturnToRequester,
}

/// <summary>
/// Where a request waits and who may decide it: an ordered chain of groups, each with its own period. Earlier groups
/// keep deciding after a stage passes (escalation widens, it never takes away), and the chain's end is the expiry. A
/// level without a chain of its own has today's two stages: approvers until the escalation, then admins too.
/// </summary>
public static class EscalationChains
{
    public const int MaxStages = 5;

    /// <summary>The stages a request at <paramref name="level"/> with this estimated cost goes through, in order.</summary>
    public static IReadOnlyList<ChainStage> Route(RiskLevelPolicy level, decimal estimatedCostEur) =>
        level.Chain is { Count: > 0 } chain
            ? [.. chain.Where(s => estimatedCostEur >= s.FromCostEur)]
            : [new(ApproverGroup.Approvers, level.EscalateAfter), new(ApproverGroup.Admins, level.ExpireAfter - level.EscalateAfter)];

    /// <summary>
    /// The stage a request made at <paramref name="requestedAt"/> is at by <paramref name="now"/>: 0 for the first;
    /// <c>chain.Count</c> once the last stage is over (it expires).
    /// </summary>
    public static int StageAt(DateTimeOffset requestedAt, IReadOnlyList<ChainStage> chain, DateTimeOffset now)
    {
        var end = requestedAt;
        for (var stage = 0; stage < chain.Count; stage++)
        {
            end += chain[stage].Period;
            if (now < end) return stage;
        }
        return chain.Count;
    }

    /// <summary>When <paramref name="stage"/> of a request made at <paramref name="requestedAt"/> ends (the last one's end: its expiry).</summary>
    public static DateTimeOffset EndOf(DateTimeOffset requestedAt, IReadOnlyList<ChainStage> chain, int stage) =>
        requestedAt + chain.Take(stage + 1).Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Period);

    /// <summary>The groups that may decide at <paramref name="stage"/>: its own and every earlier stage's.</summary>
    public static IReadOnlySet<ApproverGroup> DecidersAt(IReadOnlyList<ChainStage> chain, int stage) =>
        chain.Take(Math.Min(stage, chain.Count - 1) + 1).Select(s => s.Group).ToHashSet();

    /// <summary>
    /// The group a request at <paramref name="stage"/> newly reaches: who is told of it when the stage starts (the
    /// earlier groups were told before).
    /// </summary>
    public static ApproverGroup Reaches(IReadOnlyList<ChainStage> chain, int stage) => chain[Math.Clamp(stage, 0, chain.Count - 1)].Group;

    /// <summary>Whether someone in <paramref name="groups"/> may decide a request at <paramref name="stage"/>.</summary>
    public static bool MayDecide(IReadOnlyList<ChainStage> chain, int stage, IEnumerable<ApproverGroup> groups) =>
        DecidersAt(chain, stage).Overlaps(groups);

    /// <summary>What is wrong with a level's chain; empty when it can be saved.</summary>
    public static IEnumerable<string> Problems(IReadOnlyList<ChainStage>? chain)
    {
        if (chain is not { Count: > 0 }) yield break;
        if (chain.Count > MaxStages) yield return $"At most {MaxStages} stages.";
        if (chain.Any(s => !Enum.IsDefined(s.Group))) yield return "Each stage names one of the groups.";
        if (chain.Any(s => s.Period <= TimeSpan.Zero)) yield return "Each stage lasts a positive time.";
        if (chain.Any(s => s.FromCostEur < 0)) yield return "A cost threshold cannot be negative.";
        if (chain[0].FromCostEur > 0) yield return "The first stage takes every request: it has no cost threshold.";
        if (chain.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Period) > RiskPolicy.MaxExpiry)
            yield return $"All stages together last at most {RiskPolicy.MaxExpiry.TotalDays} days.";
    }
}
