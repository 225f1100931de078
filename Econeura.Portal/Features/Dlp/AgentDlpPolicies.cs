using Marten.Schema;
using Econeura.Domain.Dlp;

namespace Econeura.Portal.Features.Dlp;

/// <summary>An admin's DLP policy for one agent (the document id is the agent id); an agent without one redacts everything.</summary>
public sealed class AgentDlpPolicy : ISettingsDocument
{
    public string Id { get; set; } = "";

    [Version]
    public long Version { get; set; }
    public DlpAction DefaultAction { get; set; } = DlpAction.Redact;
    public Dictionary<EntityType, DlpAction> Overrides { get; set; } = [];
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }

    public DlpPolicy ToPolicy() => new(DefaultAction, Overrides);
}

public sealed class AgentDlpPolicies(VersionedSettings settings)
{
    public async Task<AgentDlpPolicy> GetAsync(string tenantId, string agentId, CancellationToken cancellationToken = default) =>
        await settings.LoadAsync<AgentDlpPolicy>(tenantId, agentId, cancellationToken) ?? new AgentDlpPolicy { Id = agentId };

    /// <summary>Saves the policy only if nobody saved it since it was read; returns false, changing nothing, when somebody did.</summary>
    public Task<bool> SaveAsync(string tenantId, AgentDlpPolicy policy, PortalUser by, CancellationToken cancellationToken = default) =>
        settings.SaveAsync(tenantId, policy, by, cancellationToken);
}
