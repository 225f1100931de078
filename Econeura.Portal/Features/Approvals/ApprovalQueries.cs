using Marten.Pagination;
using Econeura.Domain.Approvals;

namespace Econeura.Portal.Features.Approvals;

/// <summary>What an approver may read of the tenant's approval requests. Tenancy itself is Marten's.</summary>
public sealed class ApprovalQueries(IDocumentStore store)
{
    /// <summary>
    /// Approvers see every request of their tenant; the other groups of a chain (admins, finance) those that reached
    /// them, and admins every decided one.
    /// </summary>
    public static bool CanSee(PortalUser user, ApprovalView approval) =>
        user.IsInRole(AppRoles.Approver) || approval.DecidableBy(ApproverGroups.Of(user)) || (user.IsAdmin && !approval.IsPending);

    /// <summary>A request the user could act on now: pending, not their own, and at a stage of its chain that lets them decide.</summary>
    public static bool CanDecide(PortalUser user, ApprovalView approval) =>
        approval.IsPending && approval.RequestedBy != user.UserId && approval.DecidableBy(ApproverGroups.Of(user));

    /// <summary>What waits for this user's decision, the oldest request first: the badge counts it, the home page lists it.</summary>
    public static IReadOnlyList<ApprovalView> WaitingFor(PortalUser user, IEnumerable<ApprovalView> pending) =>
        [.. pending.Where(a => CanDecide(user, a)).OrderBy(a => a.RequestedAt).ThenBy(a => a.Id)];

    public async Task<ApprovalView?> FindAsync(PortalUser user, Guid approvalId, CancellationToken cancellationToken = default) =>
        await LoadAsync(user.TenantId, approvalId, cancellationToken) is { } view && CanSee(user, view) ? view : null;

    /// <summary>The request as it is, for someone already allowed to act on it.</summary>
    public Task<ApprovalView?> LoadAsync(string tenantId, Guid approvalId, CancellationToken cancellationToken = default) =>
        store.LoadAsync<ApprovalView>(tenantId, approvalId, cancellationToken);

    /// <summary>An execution's requests, the current one last: more than one when an approved request was sent back before it ran.</summary>
    public async Task<IReadOnlyList<ApprovalView>> ForExecutionAsync(string tenantId, Guid executionId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(tenantId);
        return await session.Query<ApprovalView>().Where(v => v.ExecutionId == executionId).OrderBy(v => v.RequestedAt).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The request that took this approved one's place when its turn to run came and something had changed
    /// (<see cref="SentBack"/>): the approved one's decision no longer runs anything.
    /// </summary>
    public async Task<ApprovalView?> SuccessorAsync(string tenantId, Guid approvalId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(tenantId);
        return await session.Query<ApprovalView>()
            .FirstOrDefaultAsync(v => v.SentBack != null && v.SentBack.PreviousApprovalId == approvalId, cancellationToken);
    }

    /// <summary>The pending requests the user may see, the first to expire first: one page, and how many there are.</summary>
    public async Task<(IReadOnlyList<ApprovalView> Items, long Total)> PendingAsync(PortalUser user, int page, int pageSize,
        CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(user.TenantId);
        var pending = session.Query<ApprovalView>().Where(v => v.Status == ApprovalStatus.Pending);
        if (user.IsInRole(AppRoles.Approver))
        {
            var paged = await pending.OrderBy(v => v.ExpireAt).ToPagedListAsync(page, pageSize, cancellationToken);
            return ([.. paged], paged.TotalItemCount);
        }
        // Who else may decide depends on each request's chain and stage: read the escalated ones, keep those that reached this user.
        var reached = (await pending.Where(v => v.Escalated).OrderBy(v => v.ExpireAt).Take(ApprovalQueue.Capacity).ToListAsync(cancellationToken))
            .Where(v => CanSee(user, v)).ToList();
        return ([.. reached.Skip((page - 1) * pageSize).Take(pageSize)], reached.Count);
    }

    /// <summary>Decided requests, newest first: those the user decided, or everyone's for admins who ask for them.</summary>
    public async Task<IPagedList<ApprovalView>> DecidedAsync(PortalUser user, bool everyone, int page, int pageSize,
        CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(user.TenantId);
        var decided = session.Query<ApprovalView>().Where(v => v.Status != ApprovalStatus.Pending);
        if (!(everyone && user.IsAdmin)) decided = decided.Where(v => v.DeciderIds.Contains(user.UserId));
        return await decided.OrderByDescending(v => v.DecidedAt).ToPagedListAsync(page, pageSize, cancellationToken);
    }
}
