using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// Reads the person's cost centre from the directory's claim, whatever the directory calls it
/// (<see cref="CostCentreOptions.DirectoryClaim"/>), into <see cref="PortalClaims.CostCentre"/>, which the rest of the
/// portal reads. It runs on every authenticated request (cookie and bearer alike), so a new sign-in or token brings the
/// directory's current value.
/// </summary>
public sealed class DirectoryCostCentreClaim(IOptions<CostCentreOptions> options) : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal) => Task.FromResult(Apply(principal));

    public ClaimsPrincipal Apply(ClaimsPrincipal principal)
    {
        var claimType = options.Value.DirectoryClaim;
        if (principal.Identity?.IsAuthenticated != true || claimType == PortalClaims.CostCentre || principal.FindFirst(claimType) is not { } directory)
            return principal;
        // Transformations may run more than once on one principal: a second run finds the copy already made.
        if (principal.FindAll(PortalClaims.CostCentre).Select(c => c.Value).SequenceEqual([directory.Value])) return principal;
        var copy = principal.Clone();
        foreach (var identity in copy.Identities)
            foreach (var stale in identity.FindAll(PortalClaims.CostCentre).ToList()) identity.RemoveClaim(stale);
        copy.Identities.First(i => i.IsAuthenticated).AddClaim(new Claim(PortalClaims.CostCentre, directory.Value));
        return copy;
    }
}
