using Econeura.Domain.Approvals;

namespace Econeura.Portal.Features.Approvals;

/// <summary>The approver groups of an escalation chain are the app roles: no group directory of their own to keep.</summary>
public static class ApproverGroups
{
    public static IReadOnlySet<ApproverGroup> Of(IEnumerable<string> roles) => roles
        .Select(role => role switch
        {
            AppRoles.Approver => ApproverGroup.Approvers,
            AppRoles.Finance => ApproverGroup.Finance,
            AppRoles.Admin => ApproverGroup.Admins,
            _ => (ApproverGroup?)null,
        })
        .OfType<ApproverGroup>()
        .ToHashSet();

    public static IReadOnlySet<ApproverGroup> Of(PortalUser user) => Of(user.Roles);

    /// <summary>The role whose holders make up <paramref name="group"/>.</summary>
    public static string Role(ApproverGroup group) => group switch
    {
        ApproverGroup.Finance => AppRoles.Finance,
        ApproverGroup.Admins => AppRoles.Admin,
        _ => AppRoles.Approver,
    };
}
