using Econeura.Domain.Approvals;
using Econeura.Domain.Executions;
using Econeura.Portal.Features.Approvals;

namespace Econeura.Portal.Features.Executions;

/// <summary>Appends what an approval's decision settled for its execution, in the decision's own commit.</summary>
public sealed class ExecutionApprovalSettlement : IApprovalSettlement
{
    public Task SettleAsync(IDocumentSession session, Approval approval, IReadOnlyList<object> decided, CancellationToken cancellationToken) =>
        ExecutionDecisions.FollowApproval(approval, decided) is { Count: > 0 } events
            ? session.AppendDecidedAsync<Execution>(approval.ExecutionId, _ => events, cancellationToken)
            : Task.CompletedTask;
}
