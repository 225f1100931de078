using Econeura.Domain.Agents;

namespace Econeura.Portal.Features.Agents;

/// <summary>
/// Catalogs seeded before agents had personalities take the seed's system prompts and context limits for the leads they
/// still have and never gave a prompt. Run once, as a startup migration: reading a catalog never rewrites it.
/// </summary>
public sealed class AgentPersonalitiesBackfill(IDocumentStore store) : IStartupMigration
{
    public string Name => "agent-personalities";

    public async Task StageAsync(IDocumentSession session, CancellationToken cancellationToken)
    {
        var seed = AgentSeed.Load().Where(agent => agent.SystemPrompts.Count > 0).ToDictionary(a => a.Id);
        var tenants = await session.AdvancedSql.QueryAsync<string>(
            $"select distinct tenant_id from {store.Options.Schema.For<AgentDefinition>()}", cancellationToken);
        foreach (var tenantId in tenants)
        {
            await using var reads = store.QuerySession(tenantId);
            var given = (await reads.Query<AgentDefinition>().ToListAsync(cancellationToken))
                .Where(agent => agent.SystemPrompts.Count == 0 && seed.ContainsKey(agent.Id))
                .Select(agent => agent with { SystemPrompts = seed[agent.Id].SystemPrompts, ContextLimitTokens = seed[agent.Id].ContextLimitTokens })
                .ToArray();
            if (given.Length == 0) continue;
            session.ForTenant(tenantId).Store(given);
            session.AnnounceSettingsChanged(tenantId);
        }
    }
}
