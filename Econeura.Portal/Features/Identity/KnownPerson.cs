namespace Econeura.Portal.Features.Identity;

/// <summary>
/// Someone who signed in to the tenant, as the directory described them at their last sign-in: whom approvals and
/// notifications can reach (by role, address and language), and whose cost centre finance can assign.
/// </summary>
public sealed class KnownPerson
{
    /// <summary>The directory's object id (<see cref="PortalUser.UserId"/>).</summary>
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";
    /// <summary>As the directory sends it; finance normalises it where it reads it.</summary>
    public string? DirectoryCostCentre { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }

    /// <summary>The app roles the directory gave them at their last sign-in.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>The mail address the directory gave them (<c>email</c> or <c>preferred_username</c>), if any.</summary>
    public string? Email { get; set; }

    /// <summary>The culture they used the portal in at their last sign-in (one of <see cref="PortalUi.SupportedCultures"/>).</summary>
    public string Culture { get; set; } = PortalUi.SupportedCultures[0].Name;

    public bool Holds(string role) => Roles.Contains(role);
}
