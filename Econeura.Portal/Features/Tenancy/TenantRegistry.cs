using Econeura.Domain.Tenancy;
using Econeura.Portal.Features.Identity;

namespace Econeura.Portal.Features.Tenancy;

/// <summary>
/// The onboarded organisations, and whether one may use the portal now. Registrations are single-tenanted Marten
/// documents: they belong to the platform, not to any tenant, so no tenant's session scope (and no magic tenant id
/// mixed in with customers' data) is needed to read them, and deleting or exporting a tenant's data never touches them.
/// They are kept in <see cref="SettingsCache"/> under <see cref="PlatformScope"/>: every request asks, and a write
/// (onboarding, offboarding) clears them on every process within the time of a NOTIFY.
/// </summary>
public sealed class TenantRegistry(SettingsCache cache, TenantAdmission admission) : ITenantStatus
{
    /// <summary>The key registry writes are announced and cached under, as a tenant's settings are under its id; never a directory id.</summary>
    public const string PlatformScope = "econeura-platform";

    public async Task<bool> IsActiveAsync(string tenantId, CancellationToken cancellationToken = default) =>
        DirectoryId.Normalize(tenantId) is { } id && TenantDecisions.IsAllowed(id, await FindAsync(id, cancellationToken), admission.ConfiguredDirectories);

    public async Task<TenantRegistration?> FindAsync(string directoryId, CancellationToken cancellationToken = default) =>
        DirectoryId.Normalize(directoryId) is { } id ? await cache.OneAsync<TenantRegistration>(PlatformScope, id, cancellationToken) : null;

    /// <summary>Every organisation the operator onboarded or offboarded, and those configuration allows that were never registered.</summary>
    public async Task<IReadOnlyList<TenantListing>> ListAsync(TenantDirectory names, CancellationToken cancellationToken = default)
    {
        var registered = await cache.AllAsync<TenantRegistration>(PlatformScope, all => all.OrderBy(t => t.DisplayName), cancellationToken);
        var configuredOnly = admission.ConfiguredDirectories.Where(id => registered.All(r => r.Id != id))
            .Select(id => new TenantListing(id, names.NameOf(id), IsActive: true, IsConfigured: true, Registration: null));
        return registered
            .Select(r => new TenantListing(r.Id, r.DisplayName, r.IsActive, admission.ConfiguredDirectories.Contains(r.Id), r))
            .Concat(configuredOnly)
            .OrderBy(t => t.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
    }
}

/// <param name="IsConfigured">Allowed by configuration (<c>AzureAd:AllowedTenants</c>) as well as, or instead of, onboarded.</param>
public sealed record TenantListing(string DirectoryId, string DisplayName, bool IsActive, bool IsConfigured, TenantRegistration? Registration);
