using JasperFx.Events;
using Marten.Events.Projections;
using Econeura.Domain.Executions;

namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// Releases a run's reservation in the transaction that ends it (<see cref="BudgetReservations"/>): the cost recorded
/// with its completion takes the reservation's place in the same commit, so no reader ever sees the run counted twice
/// or not at all.
/// </summary>
public sealed partial class BudgetReservationProjection : EventProjection
{
    public void Project(IEvent<ExecutionCompleted> e, IDocumentOperations operations) => Release(e, operations);

    public void Project(IEvent<ExecutionFailed> e, IDocumentOperations operations) => Release(e, operations);

    public void Project(IEvent<ExecutionCancelled> e, IDocumentOperations operations) => Release(e, operations);

    public void Project(IEvent<ExecutionRejected> e, IDocumentOperations operations) => Release(e, operations);

    public void Project(IEvent<ExecutionExpired> e, IDocumentOperations operations) => Release(e, operations);

    public void Project(IEvent<ExecutionBlocked> e, IDocumentOperations operations) => Release(e, operations);

    private static void Release(IEvent e, IDocumentOperations operations) =>
        operations.QueueSqlCommand($"delete from {BudgetReservations.Table} where tenant_id = ? and execution_id = ?", e.TenantId, e.StreamId);
}
