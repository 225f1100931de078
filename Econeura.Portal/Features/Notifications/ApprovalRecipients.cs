using Econeura.Domain.Approvals;
using Econeura.Portal.Features.Approvals;
using Econeura.Portal.Features.Identity;

namespace Econeura.Portal.Features.Notifications;

/// <summary>
/// Who may decide a request now, and so whom its notices and reminders reach: the holders of the groups its escalation
/// chain has reached, each replaced by their delegate while they are away; never its requester (four-eyes) nor someone
/// who already decided. The one place that answers it (<see cref="Decide"/>).
/// </summary>
public sealed class ApprovalRecipients(People people, DelegationBook delegations, TimeProvider time)
{
    /// <summary>Everyone who may decide <paramref name="request"/> now.</summary>
    public Task<IReadOnlyList<KnownPerson>> WhoMayDecideAsync(string tenantId, ApprovalView request, CancellationToken cancellationToken = default) =>
        DecideAsync(tenantId, request, escalationOnly: false, cancellationToken);

    /// <summary>Those the request's current stage newly reaches: its group, without the requester or who already decided.</summary>
    public Task<IReadOnlyList<KnownPerson>> EscalationGroupAsync(string tenantId, ApprovalView request, CancellationToken cancellationToken = default) =>
        DecideAsync(tenantId, request, escalationOnly: true, cancellationToken);

    private async Task<IReadOnlyList<KnownPerson>> DecideAsync(string tenantId, ApprovalView request, bool escalationOnly, CancellationToken cancellationToken)
    {
        var everyone = await people.AllAsync(tenantId, cancellationToken);
        var away = await delegations.AllAsync(tenantId, cancellationToken);
        return Decide(everyone, request, away, time.GetUtcNow(), escalationOnly);
    }

    /// <summary>
    /// The rule itself, without the directory: the holders of the groups reached at the request's stage (with
    /// <paramref name="escalationOnly"/>, only the group the stage newly reaches), routed to their delegates, minus the
    /// requester and who decided. A delegate who is the requester does not receive it: the approver away keeps it.
    /// </summary>
    public static IReadOnlyList<KnownPerson> Decide(
        IReadOnlyList<KnownPerson> people, ApprovalView request, IEnumerable<Delegation> delegations, DateTimeOffset now, bool escalationOnly)
    {
        // A request recorded before chains has today's two stages: approvers, then admins once escalated.
        var (chain, stage) = request.Chain is { Count: > 0 }
            ? (request.Chain, request.Stage)
            : ([new(ApproverGroup.Approvers, TimeSpan.Zero), new(ApproverGroup.Admins, TimeSpan.Zero)], request.Escalated ? 1 : 0);
        var groups = escalationOnly ? new HashSet<ApproverGroup> { EscalationChains.Reaches(chain, stage) } : EscalationChains.DecidersAt(chain, stage);
        var byId = people.ToDictionary(p => p.Id);
        return people.Where(p => groups.Any(group => p.Holds(ApproverGroups.Role(group))))
            .Select(p => Delegations.RoutedTo(p.Id, delegations, now) is var to && to != request.RequestedBy && byId.TryGetValue(to, out var standIn)
                ? standIn : p)
            .DistinctBy(p => p.Id)
            .Where(p => p.Id != request.RequestedBy && !request.DeciderIds.Contains(p.Id))
            .ToList();
    }
}
