using Econeura.Portal.Features.Dispatch;
using Econeura.Domain.Executions;

namespace Econeura.Portal.Features.Executions;

public enum AttentionKind
{
    Failed,
    Stalled,
    Waiting,
}

/// <summary>The tenant's executions an admin may have to act on: what failed lately, what stopped moving, what waits.</summary>
public sealed class ExecutionAttention(IDocumentStore store, TimeProvider time)
{
    public static readonly TimeSpan FailedWithin = TimeSpan.FromDays(30);
    public const int Limit = 300;

    public async Task<IReadOnlyList<ExecutionView>> ListAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        if (!user.IsAdmin) return [];
        var failedSince = time.GetUtcNow() - FailedWithin;
        await using var session = store.QuerySession(user.TenantId);
        return await session.Query<ExecutionView>()
            .Where(x => x.Status == ExecutionStatus.Requested || x.Status == ExecutionStatus.Dispatched || x.Status == ExecutionStatus.AwaitingApproval
                        || (x.Status == ExecutionStatus.Failed && x.LastChangedAt >= failedSince))
            .OrderByDescending(x => x.LastChangedAt)
            .Take(Limit)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Where a row belongs now. "Stalled" uses the thresholds after which the dispatcher hands the work out again, so the
    /// page shows what it is about to pick up, or what it keeps failing to move.
    /// </summary>
    public static AttentionKind? KindOf(ExecutionView view, DateTimeOffset now) => view.Status switch
    {
        ExecutionStatus.Failed when now - view.LastChangedAt <= FailedWithin => AttentionKind.Failed,
        ExecutionStatus.Requested when now - view.LastChangedAt > DispatchQueue.HandoffTimeout => AttentionKind.Stalled,
        ExecutionStatus.Dispatched when now - view.LastChangedAt > ExecutionDecisions.DispatchLease => AttentionKind.Stalled,
        ExecutionStatus.Requested or ExecutionStatus.AwaitingApproval => AttentionKind.Waiting,
        _ => null,
    };
}
