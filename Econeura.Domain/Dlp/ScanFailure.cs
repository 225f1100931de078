namespace Econeura.Domain.Dlp;

/// <summary>Why a fail-closed scan did not complete.</summary>
public enum ScanFailure
{
    None,
    TimedOut,
    Error,
}
