namespace Econeura.Domain.Dlp;

/// <summary>Why a <see cref="PolicyReason"/> was given: an entity type was found, or the scan did not complete.</summary>
public enum PolicyReasonCode
{
    EntityDetected,
    ScanFailed,
    ScanTimedOut,
}
