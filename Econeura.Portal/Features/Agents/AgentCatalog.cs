using System.Collections.Concurrent;

namespace Econeura.Portal.Features.Agents;

/// <summary>
/// The tenant's agents, kept as Marten documents. A tenant's catalog is seeded from agents.seed.json the first time
/// it is read, so a new Entra tenant finds the default agents without an install step.
/// </summary>
public sealed class AgentCatalog(IDocumentStore store)
{
    private readonly ConcurrentDictionary<string, bool> _seededTenants = new();

    public async Task<IReadOnlyList<AgentDefinition>> ListAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await EnsureSeededAsync(tenantId, cancellationToken);
        await using var session = store.QuerySession(tenantId);
        return await session.Query<AgentDefinition>().OrderBy(a => a.Department).ThenBy(a => a.Name).ToListAsync(cancellationToken);
    }

    public async Task<AgentDefinition?> FindAsync(string tenantId, string? agentId, CancellationToken cancellationToken = default)
    {
        // An id nobody could have stored is nobody's agent; PostgreSQL would refuse even to look it up.
        if (string.IsNullOrWhiteSpace(agentId) || agentId.Length > 100 || !Econeura.Domain.Common.StorableText.IsStorable(agentId)) return null;
        await EnsureSeededAsync(tenantId, cancellationToken);
        await using var session = store.QuerySession(tenantId);
        return await session.LoadAsync<AgentDefinition>(agentId, cancellationToken);
    }

    private async Task EnsureSeededAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (_seededTenants.ContainsKey(tenantId)) return;
        await using var session = store.LightweightSession(tenantId);
        if (!await session.Query<AgentDefinition>().AnyAsync(cancellationToken))
        {
            // Insert, not upsert: if another process seeds at the same moment, one wins and the other's copy is refused.
            session.Insert(AgentSeed.Load().ToArray());
            await session.SaveSeedAsync(cancellationToken);
        }
        _seededTenants[tenantId] = true;
    }
}
