namespace Econeura.Domain.Dlp;

/// <summary>Why a fail-closed scan did not complete.</summary>
public enum ScanFailure
{
    None,

    /// <summary>The text needed more work than its <see cref="ScanBudget"/>.</summary>
    OverBudget,

    /// <summary>The caller cancelled the scan.</summary>
    Cancelled,

    Error,
}
