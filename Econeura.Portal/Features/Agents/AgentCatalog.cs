using System.Collections.Concurrent;
using System.Globalization;
using Econeura.Domain.Agents;

namespace Econeura.Portal.Features.Agents;

/// <summary>
/// The tenant's agents, kept as Marten documents. An onboarded organisation's catalog is seeded from agents.seed.json
/// when the operator onboards it; one allowed by configuration alone (and the demo tenants) the first time it is read.
/// A tenant that may not use the portal is never seeded.
/// </summary>
public sealed class AgentCatalog(IDocumentStore store, SettingsCache cache, IOptions<SeedRouteOptions> seedRoutes, ITenantStatus tenants)
{
    private readonly ConcurrentDictionary<string, bool> _seededTenants = new();

    public async Task<IReadOnlyList<AgentDefinition>> ListAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await EnsureSeededAsync(tenantId, cancellationToken);
        return await cache.AllAsync<AgentDefinition>(tenantId, agents => agents.OrderBy(a => a.Department).ThenBy(a => a.Name), cancellationToken);
    }

    /// <summary>The tenant's agents as the reader's language (the UI culture) names them.</summary>
    public async Task<AgentNames> NamesAsync(string tenantId, CancellationToken cancellationToken = default) =>
        new(await ListAsync(tenantId, cancellationToken), CultureInfo.CurrentUICulture);

    public async Task<AgentDefinition?> FindAsync(string tenantId, string? agentId, CancellationToken cancellationToken = default)
    {
        // An id nobody could have stored is nobody's agent; PostgreSQL would refuse even to look it up.
        if (string.IsNullOrWhiteSpace(agentId) || agentId.Length > 100 || !Econeura.Domain.Common.StorableText.IsStorable(agentId)) return null;
        await EnsureSeededAsync(tenantId, cancellationToken);
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

    private async Task EnsureSeededAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (_seededTenants.ContainsKey(tenantId)) return;
        if (!await tenants.IsActiveAsync(tenantId, cancellationToken)) return;
        await using var session = store.LightweightSession(tenantId);
        var stored = await session.Query<AgentDefinition>().ToListAsync(cancellationToken);
        if (stored.Count == 0)
        {
            // Insert, not upsert: if another process seeds at the same moment, one wins and the other's copy is refused.
            session.Insert(AgentSeed.Load(seedRoutes.Value).ToArray());
            await session.SaveSeedAsync(cancellationToken);
        }
        else if (Unworded(stored) is { Length: > 0 } worded)
        {
            // A catalog seeded before the agents spoke Spanish takes the seed's words for the agents it still has.
            session.Store(worded);
            await session.SaveChangesAsync(cancellationToken);
        }
        _seededTenants[tenantId] = true;
    }

    private static AgentDefinition[] Unworded(IEnumerable<AgentDefinition> stored)
    {
        var seed = AgentSeed.Load().ToDictionary(a => a.Id);
        return stored
            .Where(agent => agent.Wordings.Count == 0 && seed.ContainsKey(agent.Id))
            .Select(agent => agent with { Wordings = seed[agent.Id].Wordings })
            .ToArray();
    }
}
