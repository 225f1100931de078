namespace Econeura.Portal.Infrastructure.Settings;

/// <summary>
/// A setting a tenant's admins or finance staff edit on a page: one Marten document with a numeric revision. A save
/// must name the revision it was based on (the stale-save check), and each save is kept in the history.
/// </summary>
public interface ISettingsDocument
{
    string Id { get; set; }

    /// <summary>Marten's numeric revision: 0 until first saved, then one more at every save.</summary>
    long Version { get; set; }

    string UpdatedBy { get; set; }

    DateTimeOffset UpdatedAt { get; set; }
}

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
