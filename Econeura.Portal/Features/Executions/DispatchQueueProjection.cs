using System.Diagnostics;
using JasperFx.Events;
using Econeura.Portal.Features.Dispatch;
using Marten.Events.Projections;
using Econeura.Domain.Executions;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// Keeps <see cref="DispatchQueue"/> in the commit of each execution event (inline): ready work gets its row, a call
/// under way marks it with its lease, a failed attempt with attempts left makes it due again after its back-off, and
/// the end of the run removes it (<see cref="RunEndProjection"/>). Writers only decide; none of them needs to remember
/// to hand the work on, and the dispatch slice knows nothing of executions.
/// </summary>
public sealed partial class DispatchQueueProjection : EventProjection
{
    private const string Table = DispatchQueue.Table;

    public void Project(IEvent<ExecutionRequested> e, IDocumentOperations operations) => Ready(e, e.Data.RequestedAt, e.Data.RequestedAt, operations);

    public void Project(IEvent<ExecutionApproved> e, IDocumentOperations operations) => Ready(e, e.Data.ApprovedAt, e.Data.ApprovedAt, operations);

    public void Project(IEvent<ExecutionRetried> e, IDocumentOperations operations) => Ready(e, e.Data.RetriedAt, e.Data.RetriedAt, operations);

    public void Project(IEvent<DispatchFailed> e, IDocumentOperations operations)
    {
        if (!e.Data.WillRetry) return;
        operations.QueueSqlCommand(
            $"""
            update {Table} set handed_at = null, dispatched_at = null, lease_until = null, dispatched_node = null, due_at = ?
            where tenant_id = ? and execution_id = ?
            """,
            e.Data.FailedAt + ExecutionDecisions.RetryDelay(e.Data.Attempt), e.TenantId, e.StreamId);
    }

    public void Project(IEvent<ExecutionDispatched> e, IDocumentOperations operations) =>
        operations.QueueSqlCommand(
            $"""
            update {Table} set handed_at = coalesce(handed_at, ?), dispatched_at = ?, lease_until = ?, dispatched_node = ?
            where tenant_id = ? and execution_id = ?
            """,
            e.Data.DispatchedAt, e.Data.DispatchedAt, e.Data.DispatchedAt + ExecutionDecisions.DispatchLease, (object?)e.Data.Node ?? DBNull.Value,
            e.TenantId, e.StreamId);

    /// <summary>A run held for approval waits for people, not a worker: its approval makes it ready again.</summary>
    public void Project(IEvent<ApprovalRequired> e, IDocumentOperations operations) => Remove(e, operations);

    /// <summary>Sent back to people when its turn came: it waits for them again, not for a worker.</summary>
    public void Project(IEvent<ApprovalRequiredAgain> e, IDocumentOperations operations) => Remove(e, operations);

    /// <summary>
    /// The commit's trace travels with the row (as an outbox message carries its <c>traceparent</c>), so the agent call
    /// joins the trace of the request that made it ready.
    /// </summary>
    private static void Ready(IEvent e, DateTimeOffset readyAt, DateTimeOffset dueAt, IDocumentOperations operations) =>
        operations.QueueSqlCommand(
            $"""
            insert into {Table} (tenant_id, execution_id, ready_at, due_at, trace_parent) values (?, ?, ?, ?, ?)
            on conflict (tenant_id, execution_id) do update set ready_at = excluded.ready_at, due_at = excluded.due_at,
                handed_at = null, dispatched_at = null, lease_until = null, dispatched_node = null, trace_parent = excluded.trace_parent
            """,
            e.TenantId, e.StreamId, readyAt, dueAt, (object?)Activity.Current?.Id ?? DBNull.Value);

    /// <summary>Also when the run ends (<see cref="RunEndProjection"/>).</summary>
    internal static void Remove(IEvent e, IDocumentOperations operations) =>
        operations.QueueSqlCommand($"delete from {Table} where tenant_id = ? and execution_id = ?", e.TenantId, e.StreamId);
}
