using JasperFx.Events;
using Marten.Events.Aggregation;
using Econeura.Domain.Approvals;

namespace Econeura.Portal.Features.Approvals;

/// <summary>Folds an approval stream into the domain's <see cref="Approval"/> for <c>FetchForWriting</c>; live, like executions.</summary>
public sealed class ApprovalAggregation : SingleStreamProjection<Approval, Guid>
{
    public override Approval Evolve(Approval? snapshot, Guid id, IEvent e) =>
        snapshot is null ? Approval.Fold([e.Data]) : Approval.Evolve(snapshot, e.Data);
}
