using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Identity.Web;

namespace Econeura.Portal.Infrastructure.Security;

/// <summary>The Entra app roles, as they arrive in the <c>roles</c> claim.</summary>
public static class AppRoles
{
    public const string User = "Econeura.User";
    public const string Approver = "Econeura.Approver";
    public const string Finance = "Econeura.Finance";
    public const string Admin = "Econeura.Admin";

    /// <summary>A platform operator: runs the service for every tenant (the jobs dashboard), not a role inside one tenant.</summary>
    public const string Operator = "Econeura.Operator";
}

/// <summary>Authorization policy names, one per role (named as the role); every page and endpoint names one.</summary>
public static class Policies
{
    /// <summary>Anyone signed in, with or without an app role: signing out, and the pages that say what access is missing.</summary>
    public const string SignedIn = "Econeura.SignedIn";

    public const string User = AppRoles.User;
    public const string Approver = AppRoles.Approver;
    public const string Finance = AppRoles.Finance;
    public const string Admin = AppRoles.Admin;
    public const string Operator = AppRoles.Operator;

    /// <summary>Budgets, prices and budget alerts: finance staff and admins.</summary>
    public const string FinOps = "Econeura.FinOps";

    /// <summary>The approval queue: approvers, and admins and finance as the groups escalated requests reach (each sees only those).</summary>
    public const string ApprovalDesk = "Econeura.ApprovalDesk";

    /// <summary>The roles each policy lets in (any one of them): what authorization checks and what a refused page names.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Roles = new Dictionary<string, IReadOnlyList<string>>
    {
        [User] = [AppRoles.User],
        [Approver] = [AppRoles.Approver],
        [Finance] = [AppRoles.Finance],
        [Admin] = [AppRoles.Admin],
        [Operator] = [AppRoles.Operator],
        [FinOps] = [AppRoles.Finance, AppRoles.Admin],
        // Finance is a group an escalation chain can reach (Features/Approvals/EscalationChains): what each sees there is per request.
        [ApprovalDesk] = [AppRoles.Approver, AppRoles.Admin, AppRoles.Finance],
    };
}

public static class PortalClaims
{
    public const string Tenant = ClaimConstants.Tid;
    public const string ObjectId = ClaimConstants.Oid;
    public const string Name = ClaimConstants.Name;
    public const string Roles = ClaimConstants.Roles;
    public const string Email = "email";

    /// <summary>
    /// The person's cost centre as the portal reads it: copied from the directory's own claim (CostCentres:DirectoryClaim)
    /// by <see cref="Features.FinOps.DirectoryCostCentreClaim"/>; the development personas carry it as it is.
    /// </summary>
    public const string CostCentre = "econeura_cost_centre";
}

public static class PortalSchemes
{
    /// <summary>The scheme of every <c>/api</c> endpoint: bearer tokens only, so no browser cookie can be replayed against the API.</summary>
    public const string Api = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>The default scheme: the bearer scheme under <c>/api</c>, the cookie elsewhere.</summary>
    public const string ByPath = "ByPath";

    /// <summary>The default challenge: 401 under <c>/api</c>, the sign-in page elsewhere.</summary>
    public const string ChallengeByPath = "ChallengeByPath";
}
