using Econeura.Portal.Features.Agents;
using Econeura.Portal.Features.FinOps;

namespace Econeura.Portal.Features.Tenancy;

/// <summary>
/// Gives an organisation what it needs before anyone of it signs in: the agent catalog and the price table. Onboarding
/// stages them in the commit that registers the organisation; the directories configuration allows (the demo tenants
/// with the development sign-in) are provisioned at every start, since configuration is read only then. Signing in
/// needs nothing more: only those two kinds of organisation may, and reads never seed.
/// </summary>
public sealed class TenantProvisioning(IDocumentStore store, AgentCatalog catalog, PriceTable prices, TenantAdmission admission, TenantRegistry registry)
    : IHostedService
{
    /// <summary>Adds to <paramref name="session"/>'s commit what the tenant does not have yet; nothing it has is changed.</summary>
    public async Task StageAsync(IDocumentSession session, string tenantId, bool withSeedRoutes, CancellationToken cancellationToken)
    {
        await catalog.StageSeedAsync(session, tenantId, withSeedRoutes, cancellationToken);
        await prices.StageSeedAsync(session, tenantId, cancellationToken);
    }

    /// <summary>Provisions the directories configuration allows, each in a commit of its own; two nodes starting at once insert the same seed.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var tenantId in admission.ConfiguredDirectories.Order(StringComparer.Ordinal))
        {
            // One the operator offboarded stays as it was left; onboarding it again provisions what it lacks.
            if (!await registry.IsActiveAsync(tenantId, cancellationToken)) continue;
            await using var session = store.LightweightSession(tenantId);
            await StageAsync(session, tenantId, withSeedRoutes: true, cancellationToken);
            await session.SaveSeedAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
