using Econeura.Domain.Dlp;
using Marten;
using Marten.Schema;

namespace Econeura.Portal.Features.Dlp;

/// <summary>An admin's DLP policy for one agent (the document id is the agent id); an agent without one redacts everything.</summary>
public sealed class AgentDlpPolicy
{
    public string Id { get; set; } = "";

    /// <summary>Marten's numeric revision: 0 until first saved, then one more at every save.</summary>
    [Version]
    public long Version { get; set; }
    public DlpAction DefaultAction { get; set; } = DlpAction.Redact;
    public Dictionary<EntityType, DlpAction> Overrides { get; set; } = [];
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }

    public DlpPolicy ToPolicy() => new(DefaultAction, Overrides);
}

public sealed class AgentDlpPolicies(IDocumentStore store)
{
    public async Task<AgentDlpPolicy> GetAsync(string tenantId, string agentId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(tenantId);
        return await session.LoadAsync<AgentDlpPolicy>(agentId, cancellationToken) ?? new AgentDlpPolicy { Id = agentId };
    }

    /// <summary>
    /// Saves the policy only if its <see cref="AgentDlpPolicy.Version"/> is the one stored now (nobody saved since it was
    /// read); returns false, changing nothing, otherwise.
    /// </summary>
    public async Task<bool> SaveAsync(string tenantId, AgentDlpPolicy policy, CancellationToken cancellationToken = default)
    {
        await using var session = store.LightweightSession(tenantId);
        var stored = await session.LoadAsync<AgentDlpPolicy>(policy.Id, cancellationToken);
        // Marten's revision check only refuses versions behind the stored one; a version ahead of it is stale too.
        if ((stored?.Version ?? 0) != policy.Version) return false;
        session.UpdateRevision(policy, policy.Version + 1);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (JasperFx.ConcurrencyException)
        {
            return false;
        }
    }
}
