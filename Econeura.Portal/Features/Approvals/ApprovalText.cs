using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;
using Econeura.Domain.Approvals;
using Econeura.Portal.Features.FinOps;

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

    /// <summary>What changed after a request was approved that sent it back to people, one sentence per change.</summary>
    public static IReadOnlyList<string> WhatChanged(IStringLocalizer<Strings> l, SentBack because) =>
        WhatChanged(l, because.BudgetScope, because.BudgetOwnerName, because.WithoutRole is { Count: > 0 } names ? string.Join(", ", names) : null);

    /// <param name="budgetScope">The budget that reached its limit, if one did (<paramref name="budgetOwnerName"/> for a person's).</param>
    /// <param name="withoutRole">Who no longer may approve it, by name, if anyone.</param>
    public static IReadOnlyList<string> WhatChanged(IStringLocalizer<Strings> l, string? budgetScope, string? budgetOwnerName, string? withoutRole)
    {
        var changes = new List<string>();
        if (budgetScope is not null) changes.Add(l["Resume_BudgetAtLimit", BudgetText.Name(l, budgetScope, budgetOwnerName)]);
        if (withoutRole is not null) changes.Add(l["Resume_NoLongerApprover", withoutRole]);
        return changes;
    }
}
