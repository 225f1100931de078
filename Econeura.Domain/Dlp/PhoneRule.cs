namespace Econeura.Domain.Dlp;

/// <summary>Which libphonenumber check a phone candidate needs (also the memo key prefix in <see cref="ScanContext.PhoneVerdict"/>).</summary>
internal enum PhoneRule : byte
{
    International, // "+" + digits, region ZZ
    Spain,         // ES
    Nanp,          // US
    EuropeTrunk,   // GB, FR, DE, IT
    DeItShort,     // DE, IT
}
