namespace Econeura.Portal.Features.Identity;

/// <summary>
/// Tenant names for people to read. Entra sends only the tenant's id (<c>tid</c>); the names come from the <c>Tenants</c>
/// section (<c>"Tenants": { "&lt;tid&gt;": "Contoso" }</c>), and the demo tenants name themselves.
/// </summary>
public sealed class TenantDirectory(IConfiguration configuration)
{
    public string NameOf(string tenantId) =>
        configuration[$"Tenants:{tenantId}"] is { Length: > 0 } configured ? configured
        : DevelopmentPersonas.All.FirstOrDefault(p => p.Tenant.Id == tenantId)?.Tenant.Name
        ?? $"{tenantId[..Math.Min(8, tenantId.Length)]}…";
}
