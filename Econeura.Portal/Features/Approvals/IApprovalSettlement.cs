using Econeura.Domain.Approvals;

namespace Econeura.Portal.Features.Approvals;

/// <summary>
/// What a decision on an approval does to the work it holds, added to the commit that records the decision: both are
/// written or neither is. The feature whose work it is (Executions) provides it.
/// </summary>
public interface IApprovalSettlement
{
    /// <param name="approval">The approval as the decision found it.</param>
    /// <param name="decided">What the decision appends to the approval's stream.</param>
    Task SettleAsync(IDocumentSession session, Approval approval, IReadOnlyList<object> decided, CancellationToken cancellationToken);
}
