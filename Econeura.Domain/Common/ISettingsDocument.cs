namespace Econeura.Domain.Common;

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
