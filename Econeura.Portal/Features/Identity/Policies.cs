using System.Security.Claims;
using Microsoft.Identity.Web;

namespace Econeura.Portal.Features.Identity;

/// <summary>The Entra app roles, as they arrive in the <c>roles</c> claim.</summary>
public static class AppRoles
{
    public const string User = "Econeura.User";
    public const string Approver = "Econeura.Approver";
    public const string Finance = "Econeura.Finance";
    public const string Admin = "Econeura.Admin";
}

/// <summary>Authorization policy names, one per role; every page and endpoint names one.</summary>
public static class Policies
{
    public const string User = "Econeura.User";
    public const string Approver = "Econeura.Approver";
    public const string Finance = "Econeura.Finance";
    public const string Admin = "Econeura.Admin";
}

/// <summary>Who is acting, read from the claims of either sign-in: Entra or the development personas.</summary>
public sealed record PortalUser(string TenantId, string UserId, string DisplayName, IReadOnlySet<string> Roles)
{
    public bool IsAdmin => Roles.Contains(AppRoles.Admin);

    public static PortalUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        var tenantId = principal.GetTenantId();
        var userId = principal.GetObjectId() ?? principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal.FindFirstValue("sub");
        if (string.IsNullOrEmpty(tenantId) || string.IsNullOrEmpty(userId)) return null;
        var roles = principal.FindAll(PortalClaims.Roles).Concat(principal.FindAll(ClaimTypes.Role)).Select(c => c.Value).ToHashSet();
        return new PortalUser(tenantId, userId, principal.GetDisplayName() ?? principal.FindFirstValue(PortalClaims.Name) ?? userId, roles);
    }

    public static PortalUser Require(ClaimsPrincipal principal) =>
        From(principal) ?? throw new InvalidOperationException("The signed-in principal has no tenant (tid) or object id (oid) claim.");
}

public static class PortalClaims
{
    public const string Tenant = "tid";
    public const string ObjectId = "oid";
    public const string Name = "name";
    public const string Roles = "roles";
}
