using Econeura.Portal.Features.Dispatch;
using Econeura.Domain.Executions;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// At start, gives a dispatch-queue row to every execution still waiting or under way that has none: work committed by a
/// version of the portal from before the queue existed. Rows that exist are left as they are.
/// </summary>
public sealed class QueueWaitingExecutions(IDocumentStore store, DispatchQueue queue) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var waiting = await session.Query<ExecutionView>()
            .Where(x => x.AnyTenant() && (x.Status == ExecutionStatus.Requested || x.Status == ExecutionStatus.Dispatched))
            .Select(x => new { x.TenantId, x.Id, x.LastChangedAt })
            .ToListAsync(cancellationToken);
        foreach (var execution in waiting) await queue.AdoptAsync(execution.TenantId, execution.Id, execution.LastChangedAt, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
