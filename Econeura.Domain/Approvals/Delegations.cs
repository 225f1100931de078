namespace Econeura.Domain.Approvals;

/// <summary>
/// An approver away (<see cref="DelegatorId"/>) hands their approvals to a colleague (<see cref="DelegateId"/>) from
/// <see cref="Starts"/> until <see cref="Ends"/>, or until someone ends it early (<see cref="EndedAt"/>).
/// </summary>
public sealed record Delegation(
    Guid Id, string DelegatorId, string DelegatorName, string DelegateId, string DelegateName, DateTimeOffset Starts, DateTimeOffset Ends,
    DateTimeOffset? EndedAt = null, string? EndedBy = null)
{
    /// <summary>When it stops routing: its end, or the moment it was ended if that came first.</summary>
    public DateTimeOffset Until => EndedAt is { } ended && ended < Ends ? ended : Ends;

    public bool RunsAt(DateTimeOffset now) => Starts <= now && now < Until;

    public bool Overlaps(Delegation other) => Starts < other.Until && other.Starts < Until;
}

/// <summary>The person a delegate decides for ("by Bruno for Ana"), with the groups they are in.</summary>
public sealed record Principal(string Id, string Name, IReadOnlySet<ApproverGroup> Groups);

/// <summary>Why a delegation cannot be made; the portal says it in words.</summary>
public enum DelegationProblem
{
    ToOneself,
    EndsBeforeStart,
    EndsInThePast,
    TooLong,
    DelegateIsNotAnApprover,

    /// <summary>The delegator already hands their work to someone for part of this time.</summary>
    AlreadyDelegated,

    /// <summary>The delegate is away too (handing their own work on), or the delegator covers someone: a chain, possibly a loop.</summary>
    WouldChain,
}

/// <summary>
/// Who stands in for whom, and when. One step only: a delegate who is away too, or a delegator who covers someone
/// else, would make chains (and loops) whose end nobody can see, so such a delegation is refused when it is made.
/// </summary>
public static class Delegations
{
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(90);

    /// <summary>What is wrong with <paramref name="proposed"/> given the tenant's other delegations; empty when it can be made.</summary>
    public static IReadOnlyList<DelegationProblem> Check(
        Delegation proposed, bool delegateIsApprover, IEnumerable<Delegation> existing, DateTimeOffset now)
    {
        var problems = new List<DelegationProblem>();
        if (proposed.DelegateId == proposed.DelegatorId) problems.Add(DelegationProblem.ToOneself);
        if (proposed.Ends <= proposed.Starts) problems.Add(DelegationProblem.EndsBeforeStart);
        else if (proposed.Ends <= now) problems.Add(DelegationProblem.EndsInThePast);
        else if (proposed.Ends - proposed.Starts > MaxLength) problems.Add(DelegationProblem.TooLong);
        if (!delegateIsApprover) problems.Add(DelegationProblem.DelegateIsNotAnApprover);
        if (problems.Count > 0) return problems;

        var overlapping = existing.Where(d => d.Id != proposed.Id && d.Until > now && d.Overlaps(proposed)).ToList();
        if (overlapping.Any(d => d.DelegatorId == proposed.DelegatorId)) problems.Add(DelegationProblem.AlreadyDelegated);
        if (overlapping.Any(d => d.DelegatorId == proposed.DelegateId || d.DelegateId == proposed.DelegatorId))
            problems.Add(DelegationProblem.WouldChain);
        return problems;
    }

    /// <summary>The delegations <paramref name="userId"/> works under at <paramref name="now"/>: whose approvals they hold.</summary>
    public static IReadOnlyList<Delegation> ActingFor(string userId, IEnumerable<Delegation> all, DateTimeOffset now) =>
        [.. all.Where(d => d.DelegateId == userId && d.RunsAt(now)).OrderBy(d => d.Starts).ThenBy(d => d.DelegatorName, StringComparer.Ordinal)];

    /// <summary>
    /// Who receives <paramref name="approverId"/>'s approvals at <paramref name="now"/>: their delegate while a
    /// delegation runs, else themselves. For notifications: a new request or reminder for an approver away goes here.
    /// </summary>
    public static string RoutedTo(string approverId, IEnumerable<Delegation> all, DateTimeOffset now) =>
        all.FirstOrDefault(d => d.DelegatorId == approverId && d.RunsAt(now))?.DelegateId ?? approverId;

    /// <summary>
    /// Whom a delegate decides <paramref name="approval"/> for: the first of those they stand in for
    /// (<see cref="ActingFor"/>, in that order) who could decide it now and could still vote on it (not its requester,
    /// in a group its chain lets decide at its stage, no vote of theirs yet, by themselves or through someone).
    /// Null: they decide as themselves.
    /// </summary>
    public static Principal? DecidingFor(Approval approval, IEnumerable<Principal> standingInFor) =>
        standingInFor.FirstOrDefault(p => p.Id != approval.RequestedBy && !approval.HasVoted(p.Id)
            && EscalationChains.MayDecide(approval.Chain, approval.Stage, p.Groups));
}
