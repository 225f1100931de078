using JasperFx.Events;
using Marten.Events.Projections;
using Econeura.Domain.Executions;
using Econeura.Portal.Features.FinOps;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// What the end of a run undoes, in the commit that ends it (inline): its row in the dispatch queue
/// (<see cref="DispatchQueueProjection"/> keeps the rest of it), and its budget reservation (<see cref="BudgetReservations"/>),
/// which the cost recorded with a completion replaces in the same commit, so no reader ever sees the run counted twice
/// or not at all. One list of the events that end a run, for both.
/// </summary>
public sealed partial class RunEndProjection : EventProjection
{
    public void Project(IEvent<ExecutionCompleted> e, IDocumentOperations operations) => End(e, operations);

    public void Project(IEvent<ExecutionFailed> e, IDocumentOperations operations) => End(e, operations);

    public void Project(IEvent<ExecutionCancelled> e, IDocumentOperations operations) => End(e, operations);

    public void Project(IEvent<AnswerStopped> e, IDocumentOperations operations) => End(e, operations);

    public void Project(IEvent<ExecutionRejected> e, IDocumentOperations operations) => End(e, operations);

    public void Project(IEvent<ExecutionExpired> e, IDocumentOperations operations) => End(e, operations);

    public void Project(IEvent<ExecutionBlocked> e, IDocumentOperations operations) => End(e, operations);

    private static void End(IEvent e, IDocumentOperations operations)
    {
        DispatchQueueProjection.Remove(e, operations);
        BudgetReservations.Release(operations, e.TenantId, e.StreamId);
    }
}
