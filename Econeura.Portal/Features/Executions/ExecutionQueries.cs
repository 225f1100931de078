using Econeura.Portal.Infrastructure.Security;
using Marten;

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

    public async Task<ExecutionView?> FindAsync(PortalUser user, Guid executionId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(user.TenantId);
        var view = await session.LoadAsync<ExecutionView>(executionId, cancellationToken);
        return view is not null && (user.IsAdmin || view.RequestedBy == user.UserId) ? view : null;
    }
}
