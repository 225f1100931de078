using Microsoft.AspNetCore.Components;

namespace Econeura.Portal.Features.Approvals;

/// <summary>
/// The timeline of the work an approval request holds, with the approvers' steps in it, shown beside the request on
/// its page and kept live. The feature whose work it is (Executions) provides it.
/// </summary>
public interface IApprovalWorkTimeline
{
    /// <summary>What the page renders for <paramref name="approval"/>; a newer copy of the approval is shown as given.</summary>
    RenderFragment Of(ApprovalView approval);
}
