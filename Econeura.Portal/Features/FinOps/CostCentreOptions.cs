namespace Econeura.Portal.Features.FinOps;

/// <summary>Where a person's cost centre comes from in the directory (the <c>CostCentres</c> section).</summary>
public sealed class CostCentreOptions
{
    /// <summary>
    /// The claim of the sign-in (ID token) and API access token that carries the person's cost centre, as Entra names it
    /// in the token: the name given to a claim mapped from the user's <c>employeeOrgData/costCenter</c> or an
    /// <c>extensionAttribute</c>, or a directory extension's <c>extension_&lt;app id&gt;_costCenter</c> (docs/finops.md).
    /// </summary>
    public string DirectoryClaim { get; set; } = "costCenter";
}
