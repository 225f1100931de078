using Econeura.Domain.Dlp;
using Marten;

namespace Econeura.Portal.Features.Dlp;

/// <summary>An admin's DLP policy for one agent (the document id is the agent id); an agent without one redacts everything.</summary>
public sealed class AgentDlpPolicy
{
    public string Id { get; set; } = "";
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

    public async Task SaveAsync(string tenantId, AgentDlpPolicy policy, CancellationToken cancellationToken = default)
    {
        await using var session = store.LightweightSession(tenantId);
        session.Store(policy);
        await session.SaveChangesAsync(cancellationToken);
    }
}
