using System.Security.Claims;
using Microsoft.Identity.Web;

namespace Econeura.Portal.Infrastructure.Security;

/// <summary>Who is acting, read from the claims of either sign-in: Entra or the development personas.</summary>
/// <param name="DirectoryCostCentre">The cost centre the directory gives this person (<see cref="PortalClaims.CostCentre"/>), if any.</param>
/// <param name="Email">The mail address the directory gives this person, if any.</param>
public sealed record PortalUser(
    string TenantId, string UserId, string DisplayName, IReadOnlySet<string> Roles, string? DirectoryCostCentre = null, string? Email = null)
{
    public bool IsAdmin => Roles.Contains(AppRoles.Admin);

    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>Whether <paramref name="policy"/> (one of <see cref="Policies"/>) lets this user in.</summary>
    public bool Meets(string policy) => Policies.Roles[policy].Any(Roles.Contains);

    public static PortalUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        var tenantId = principal.GetTenantId();
        var userId = principal.GetObjectId() ?? principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal.FindFirstValue("sub");
        if (string.IsNullOrEmpty(tenantId) || string.IsNullOrEmpty(userId)) return null;
        var roles = principal.FindAll(PortalClaims.Roles).Concat(principal.FindAll(ClaimTypes.Role)).Select(c => c.Value).ToHashSet();
        return new PortalUser(tenantId, userId, principal.GetDisplayName() ?? principal.FindFirstValue(PortalClaims.Name) ?? userId, roles,
            principal.FindFirstValue(PortalClaims.CostCentre), MailAddress(principal));
    }

    // Entra puts the address in "email" when the optional claim is configured, and the sign-in name (usually the address) in
    // "preferred_username"; only something shaped like an address counts.
    private static string? MailAddress(ClaimsPrincipal principal) =>
        new[] { principal.FindFirstValue(PortalClaims.Email), principal.FindFirstValue(ClaimTypes.Email), principal.FindFirstValue("preferred_username") }
            .FirstOrDefault(value => value is { Length: > 2 } && value.IndexOf('@') is > 0 and var at && at < value.Length - 1);

    public static PortalUser Require(ClaimsPrincipal principal) =>
        From(principal) ?? throw new InvalidOperationException("The signed-in principal has no tenant (tid) or object id (oid) claim.");

    /// <summary>
    /// Lets an endpoint take the signed-in user as a parameter. Every endpoint that does is behind a policy that needs a
    /// portal user, so the principal always has one here.
    /// </summary>
    public static ValueTask<PortalUser> BindAsync(HttpContext context) => ValueTask.FromResult(Require(context.User));
}
