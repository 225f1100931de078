namespace Econeura.Domain.Dlp;

/// <summary>
/// Which libphonenumber check a phone candidate needs (also the memo key prefix in <see cref="ScanContext.PhoneVerdict"/>).
/// The regions are the ones a Spanish company meets: ES, PT, FR, DE, IT, GB, NL, BE and US.
/// </summary>
internal enum PhoneRule : byte
{
    /// <summary>"+" or "00" and a country code.</summary>
    International,
    /// <summary>9 digits starting 6-9: ES.</summary>
    Spain,
    /// <summary>10 digits, or 1 + 10: US.</summary>
    Nanp,
    /// <summary>A 0 trunk prefix and 10-12 digits: GB, FR, DE, IT, NL, BE.</summary>
    EuropeTrunk,
    /// <summary>A 0 trunk prefix and 9 digits ("030 901820", "02 123 45 67"): DE, IT, BE.</summary>
    EuropeShortTrunk,
    /// <summary>9 digits starting 2, a Portuguese landline ("21 342 1234"): PT.</summary>
    Portugal,
    /// <summary>10 digits starting 3, an Italian mobile without its country code ("347 123 4567"): IT mobiles.</summary>
    ItalyMobile,
    /// <summary>11 digits starting 07 written in one piece ("07911123456"): GB mobiles.</summary>
    UkMobile,
}
