using Econeura.Portal.Features.Approvals;
using Econeura.Portal.Features.Identity;

namespace Econeura.Portal.Features.Notifications;

/// <summary>
/// Who may decide a request now, and so whom its notices and reminders reach: the people holding Approver, and once it
/// escalated the escalation group (today the admins); never its requester (four-eyes) nor someone who already decided.
/// The one place that answers it: delegation and escalation chains plug in here (<see cref="Decide"/>).
/// </summary>
public sealed class ApprovalRecipients(People people)
{
    /// <summary>Everyone who may decide <paramref name="request"/> now.</summary>
    public async Task<IReadOnlyList<KnownPerson>> WhoMayDecideAsync(string tenantId, ApprovalView request, CancellationToken cancellationToken = default)
    {
        var everyone = await people.AllAsync(tenantId, cancellationToken);
        return Decide(everyone, request.RequestedBy, request.DeciderIds, request.Escalated, escalationOnly: false);
    }

    /// <summary>Those an escalation adds: the escalation group, without the requester or who already decided.</summary>
    public async Task<IReadOnlyList<KnownPerson>> EscalationGroupAsync(string tenantId, ApprovalView request, CancellationToken cancellationToken = default)
    {
        var everyone = await people.AllAsync(tenantId, cancellationToken);
        return Decide(everyone, request.RequestedBy, request.DeciderIds, escalated: true, escalationOnly: true);
    }

    /// <summary>
    /// The rule itself, without the directory: approvers (and, escalated, admins), minus the requester and who decided.
    /// <paramref name="escalationOnly"/> keeps only the escalation group.
    /// </summary>
    public static IReadOnlyList<KnownPerson> Decide(
        IEnumerable<KnownPerson> people, string requesterId, IEnumerable<string> decided, bool escalated, bool escalationOnly) =>
        people.Where(p => (!escalationOnly && p.Holds(AppRoles.Approver)) || (escalated && p.Holds(AppRoles.Admin)))
            .Where(p => p.Id != requesterId && !decided.Contains(p.Id))
            .ToList();
}
