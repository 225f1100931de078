namespace Econeura.Portal.Infrastructure.Settings;

/// <summary>One saved version of a setting: who, when, and what changed, field by field.</summary>
public sealed class SettingsChange
{
    public Guid Id { get; set; }

    /// <summary>The setting's document type, e.g. <c>RiskPolicySettings</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The setting's document id within its kind (an agent id, a budget scope...).</summary>
    public string Key { get; set; } = "";

    public long Version { get; set; }
    public string ChangedBy { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
    public List<FieldChange> Changes { get; set; } = [];
}

/// <param name="Field">A JSON path into the setting, e.g. <c>policy.high.approvalsRequired</c>.</param>
public sealed record FieldChange(string Field, string? Before, string? After);
