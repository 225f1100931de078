using System.Globalization;
using Econeura.Domain.Agents;

namespace Econeura.Portal.Features.Agents;

/// <summary>
/// The tenant's agents, kept as Marten documents, seeded from agents.seed.json when the tenant is provisioned (onboarded,
/// or allowed by configuration at start). Reading never writes: a tenant that was never provisioned has no agents.
/// </summary>
public sealed class AgentCatalog(IDocumentStore store, SettingsCache cache, IOptions<SeedRouteOptions> seedRoutes)
{
    public Task<IReadOnlyList<AgentDefinition>> ListAsync(string tenantId, CancellationToken cancellationToken = default) =>
        cache.AllAsync<AgentDefinition>(tenantId, agents => agents.OrderBy(a => a.Department).ThenBy(a => a.Name), cancellationToken);

    /// <summary>The tenant's agents as the reader's language (the UI culture) names them.</summary>
    public async Task<AgentNames> NamesAsync(string tenantId, CancellationToken cancellationToken = default) =>
        new(await ListAsync(tenantId, cancellationToken), CultureInfo.CurrentUICulture);

    public async Task<AgentDefinition?> FindAsync(string tenantId, string? agentId, CancellationToken cancellationToken = default)
    {
        // An id nobody could have stored is nobody's agent; PostgreSQL would refuse even to look it up.
        if (string.IsNullOrWhiteSpace(agentId) || agentId.Length > 100 || !Econeura.Domain.Common.StorableText.IsStorable(agentId)) return null;
        return await cache.OneAsync<AgentDefinition>(tenantId, agentId, cancellationToken);
    }

    /// <summary>
    /// Adds the seed catalog to <paramref name="session"/>'s commit, in <paramref name="tenantId"/>, unless the tenant has
    /// agents already; the seed's leads call the webhooks of <c>Agents:SeedRoutes</c> only if <paramref name="withSeedRoutes"/>.
    /// </summary>
    public async Task StageSeedAsync(IDocumentSession session, string tenantId, bool withSeedRoutes, CancellationToken cancellationToken)
    {
        await using var reads = store.QuerySession(tenantId);
        if (await reads.Query<AgentDefinition>().AnyAsync(cancellationToken)) return;
        session.ForTenant(tenantId).Insert(AgentSeed.Load(withSeedRoutes ? seedRoutes.Value : null).ToArray());
    }
}
