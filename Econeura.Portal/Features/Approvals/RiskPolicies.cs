using Marten.Schema;
using Econeura.Domain.Approvals;

namespace Econeura.Portal.Features.Approvals;

/// <summary>The tenant's risk policy as admins edit it; a tenant that never saved one uses the defaults.</summary>
public sealed class RiskPolicySettings : ISettingsDocument
{
    public const string DocumentId = "risk-policy";

    public string Id { get; set; } = DocumentId;

    [Version]
    public long Version { get; set; }
    public RiskPolicy Policy { get; set; } = RiskPolicy.Default;
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class RiskPolicies(VersionedSettings settings)
{
    public async Task<RiskPolicySettings> GetAsync(string tenantId, CancellationToken cancellationToken = default) =>
        await settings.LoadAsync<RiskPolicySettings>(tenantId, RiskPolicySettings.DocumentId, cancellationToken) ?? new RiskPolicySettings();

    public Task<bool> SaveAsync(string tenantId, RiskPolicySettings policy, PortalUser by, CancellationToken cancellationToken = default) =>
        settings.SaveAsync(tenantId, policy, by, cancellationToken, unsaved: new RiskPolicySettings());

    public Task<IReadOnlyList<SettingsChange>> HistoryAsync(string tenantId, CancellationToken cancellationToken = default) =>
        settings.HistoryAsync<RiskPolicySettings>(tenantId, RiskPolicySettings.DocumentId, cancellationToken: cancellationToken);
}
