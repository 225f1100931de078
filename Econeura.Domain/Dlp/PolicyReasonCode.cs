namespace Econeura.Domain.Dlp;

/// <summary>
/// Why a <see cref="PolicyReason"/> was given: an entity type was found, or the scan did not complete. Stored in events by
/// number: keep the values.
/// </summary>
public enum PolicyReasonCode
{
    EntityDetected = 0,
    ScanFailed = 1,

    /// <summary>The input needed more scanning work than its budget allows (recorded as a time-out before budgets counted work).</summary>
    ScanOverBudget = 2,
}
