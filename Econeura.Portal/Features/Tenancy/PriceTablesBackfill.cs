using Econeura.Domain.Tenancy;

namespace Econeura.Portal.Features.Tenancy;

/// <summary>
/// Organisations onboarded before onboarding gave them list prices had them seeded at their first read of the price
/// table; the active ones never read get them now. Run once, as a startup migration.
/// </summary>
public sealed class PriceTablesBackfill(IDocumentStore store, TenantProvisioning provisioning) : IStartupMigration
{
    public string Name => "price-tables-of-onboarded-tenants";

    public async Task StageAsync(IDocumentSession session, CancellationToken cancellationToken)
    {
        await using var reads = store.QuerySession();
        foreach (var registration in await reads.Query<TenantRegistration>().Where(r => r.OffboardedAt == null).ToListAsync(cancellationToken))
        {
            await provisioning.StageAsync(session, registration.Id, registration.AppliesSeedRoutes, cancellationToken);
            session.AnnounceSettingsChanged(registration.Id);
        }
    }
}
