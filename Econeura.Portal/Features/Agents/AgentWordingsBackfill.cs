using Econeura.Domain.Agents;

namespace Econeura.Portal.Features.Agents;

/// <summary>
/// Catalogs seeded before the agents spoke Spanish take the seed's words for the agents they still have. Run once, as a
/// startup migration: reading a catalog never rewrites it.
/// </summary>
public sealed class AgentWordingsBackfill(IDocumentStore store) : IStartupMigration
{
    public string Name => "agent-wordings";

    public async Task StageAsync(IDocumentSession session, CancellationToken cancellationToken)
    {
        var seed = AgentSeed.Load().ToDictionary(a => a.Id);
        var tenants = await session.AdvancedSql.QueryAsync<string>(
            $"select distinct tenant_id from {store.Options.Schema.For<AgentDefinition>()}", cancellationToken);
        foreach (var tenantId in tenants)
        {
            await using var reads = store.QuerySession(tenantId);
            var worded = (await reads.Query<AgentDefinition>().ToListAsync(cancellationToken))
                .Where(agent => agent.Wordings.Count == 0 && seed.ContainsKey(agent.Id))
                .Select(agent => agent with { Wordings = seed[agent.Id].Wordings })
                .ToArray();
            if (worded.Length == 0) continue;
            session.ForTenant(tenantId).Store(worded);
            session.AnnounceSettingsChanged(tenantId);
        }
    }
}
