using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;
using Econeura.Domain.Approvals;

namespace Econeura.Portal.Features.Approvals;

/// <summary>Where an approval request stands, in the reader's language.</summary>
public static class ApprovalText
{
    public static string Status(IStringLocalizer<Strings> l, ApprovalView approval) => approval.Status switch
    {
        ApprovalStatus.Pending => l["Approval_Waiting", approval.ApprovalCount, approval.ApprovalsRequired],
        ApprovalStatus.Approved => l["Approval_Approved"],
        ApprovalStatus.Rejected => l["Approval_Rejected"],
        ApprovalStatus.Expired => l["Approval_Expired"],
        ApprovalStatus.Returned => l["Delegate_Returned"],
        _ => l["Approval_Withdrawn"],
    };
}
