using JasperFx.Events;
using Marten.Events.Projections;
using Econeura.Domain.Executions;
using Econeura.Portal.Features.FinOps;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// Releases a run's reservation in the transaction that ends it (<see cref="BudgetReservations"/>): the cost recorded
/// with its completion takes the reservation's place in the same commit, so no reader ever sees the run counted twice
/// or not at all. The launch reserved; the run's own end releases.
/// </summary>
public sealed partial class BudgetReservationProjection : EventProjection
{
    public void Project(IEvent<ExecutionCompleted> e, IDocumentOperations operations) => Release(e, operations);

    public void Project(IEvent<ExecutionFailed> e, IDocumentOperations operations) => Release(e, operations);

    public void Project(IEvent<ExecutionCancelled> e, IDocumentOperations operations) => Release(e, operations);

    public void Project(IEvent<ExecutionRejected> e, IDocumentOperations operations) => Release(e, operations);

    public void Project(IEvent<ExecutionExpired> e, IDocumentOperations operations) => Release(e, operations);

    public void Project(IEvent<ExecutionBlocked> e, IDocumentOperations operations) => Release(e, operations);

    private static void Release(IEvent e, IDocumentOperations operations) => BudgetReservations.Release(operations, e.TenantId, e.StreamId);
}
