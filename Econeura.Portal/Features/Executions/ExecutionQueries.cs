namespace Econeura.Portal.Features.Executions;

/// <summary>What a user may read: their own executions, or the whole tenant's for admins. Tenancy itself is Marten's.</summary>
public sealed class ExecutionQueries(IDocumentStore store)
{
    public const int PageSize = 100;

    public async Task<IReadOnlyList<ExecutionView>> ListAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(user.TenantId);
        var query = session.Query<ExecutionView>().AsQueryable();
        if (!user.IsAdmin) query = query.Where(x => x.RequestedBy == user.UserId);
        return await query.OrderByDescending(x => x.RequestedAt).Take(PageSize).ToListAsync(cancellationToken);
    }

    public async Task<ExecutionView?> FindAsync(PortalUser user, Guid executionId, CancellationToken cancellationToken = default) =>
        await store.LoadAsync<ExecutionView>(user.TenantId, executionId, cancellationToken) is { } view && CanSee(user, view) ? view : null;

    /// <summary>The execution behind an approval request; the caller has already checked the user may see that request.</summary>
    public Task<ExecutionView?> ForApprovalAsync(string tenantId, Guid executionId, CancellationToken cancellationToken = default) =>
        store.LoadAsync<ExecutionView>(tenantId, executionId, cancellationToken);

    public static bool CanSee(PortalUser user, ExecutionView view) => user.IsAdmin || view.RequestedBy == user.UserId;

    /// <summary>The newest page with <paramref name="changed"/> rows replacing their older copies or joining it.</summary>
    public static IReadOnlyList<ExecutionView> Merge(IReadOnlyList<ExecutionView> page, IEnumerable<ExecutionView> changed)
    {
        var rows = page.ToDictionary(r => r.Id);
        foreach (var row in changed)
            if (!rows.TryGetValue(row.Id, out var known) || known.Version < row.Version) rows[row.Id] = row;
        return rows.Values.OrderByDescending(r => r.RequestedAt).Take(PageSize).ToList();
    }
}
