using JasperFx.Events;
using Marten.Events.Aggregation;
using Econeura.Domain.Executions;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// Folds an execution stream into the domain's <see cref="Execution"/> for <c>FetchForWriting</c>. Registered live: the
/// write side always folds the events it reads, so there is no stored snapshot to drift from them.
/// </summary>
public sealed class ExecutionAggregation : SingleStreamProjection<Execution, Guid>
{
    public override Execution Evolve(Execution? snapshot, Guid id, IEvent e) =>
        snapshot is null
            ? Execution.Fold([e.Data])
            : Execution.Evolve(snapshot, e.Data);
}
