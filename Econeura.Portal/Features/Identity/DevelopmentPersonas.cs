using System.Security.Claims;

namespace Econeura.Portal.Features.Identity;

/// <param name="MailDomain">A reserved example domain (RFC 2606): mail to the demo's people never reaches anyone.</param>
public sealed record DemoTenant(string Id, string Name, string MailDomain);

/// <param name="CostCentre">The cost centre the demo directory gives this person, so that spend shows by cost centre.</param>
public sealed record DevelopmentPersona(string Id, string DisplayName, DemoTenant Tenant, IReadOnlyList<string> Roles, string? CostCentre = null)
{
    public string Email => $"{Id}@{Tenant.MailDomain}";

    public IEnumerable<Claim> Claims() =>
    [
        new(PortalClaims.ObjectId, $"dev-{Id}"),
        new(PortalClaims.Name, DisplayName),
        new(PortalClaims.Email, Email),
        new(PortalClaims.Tenant, Tenant.Id),
        new("idp", "econeura-development"),
        .. Roles.Select(role => new Claim(PortalClaims.Roles, role)),
        .. CostCentre is null ? Array.Empty<Claim>() : [new Claim(PortalClaims.CostCentre, CostCentre)],
    ];

    public ClaimsPrincipal Principal(string authenticationType) =>
        new(new ClaimsIdentity(Claims(), authenticationType, PortalClaims.Name, PortalClaims.Roles));
}

/// <summary>
/// The demo personas of the development sign-in: each role in one tenant, a second tenant to show isolation, a platform
/// operator, another directory's self-made operator, and someone signed in whom no administrator has given a role yet.
/// </summary>
public static class DevelopmentPersonas
{
    public static readonly DemoTenant Contoso = new("7d3c9a10-5e2b-4f61-9c84-0a1b2c3d4e01", "Contoso Iberia", "contoso.example");
    public static readonly DemoTenant Fabrikam = new("b8e41f27-93ad-4c05-8e16-5f6a7b8c9d02", "Fabrikam Retail", "fabrikam.example");

    public static readonly IReadOnlyList<DevelopmentPersona> All =
    [
        new("ana", "Ana García", Contoso, [AppRoles.User], "CC-2100"),
        new("bruno", "Bruno Martín", Contoso, [AppRoles.User, AppRoles.Approver], "CC-2100"),
        new("carmen", "Carmen López", Contoso, [AppRoles.User, AppRoles.Finance], "CC-3100"),
        new("diego", "Diego Fernández", Contoso, [AppRoles.User, AppRoles.Approver, AppRoles.Finance, AppRoles.Admin], "CC-1000"),
        new("elena", "Elena Ruiz", Fabrikam, [AppRoles.User], "FR-STORES"),
        new("fabio", "Fabio Navarro", Fabrikam, [AppRoles.User, AppRoles.Approver, AppRoles.Admin], "FR-HQ"),
        new("olga", "Olga Prieto", Contoso, [AppRoles.User, AppRoles.Operator]),
        // Fabrikam's directory admin granted themselves the platform role: it counts from the platform's directory only.
        new("felix", "Félix Ortega", Fabrikam, [AppRoles.User, AppRoles.Operator]),
        new("nadia", "Nadia Serrano", Contoso, []),
    ];

    public static DevelopmentPersona? Find(string? id) => All.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>A persona the code names itself (demo data, tests): a missing one is a bug, not input.</summary>
    public static DevelopmentPersona Get(string id) => Find(id) ?? throw new ArgumentException($"No development persona '{id}'.", nameof(id));
}
