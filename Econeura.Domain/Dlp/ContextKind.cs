namespace Econeura.Domain.Dlp;

/// <summary>What the nearest keyword before a number says about it (see <see cref="KeywordContext.Before"/>).</summary>
internal enum ContextKind
{
    None,
    PhonePositive,
    Reference,
    Ssn,
    Version,
    Amount,
    /// <summary>A device or SIM identifier ("IMEI", "ICCID", "SIM"): Luhn-valid, yet neither a card nor a phone.</summary>
    Device,
}
