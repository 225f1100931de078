using PhoneNumbers;

namespace Econeura.Domain.Dlp;

/// <summary>libphonenumber behind the phone detector: validity per region, and the canonical form used for numbering and hashing.</summary>
internal static class PhoneValidator
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static bool IsValid(string number, string region)
    {
        try
        {
            var parsed = Util.Parse(number, region);
            return Util.IsValidNumber(parsed);
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>libphonenumber verdict for one <see cref="PhoneRule"/>.</summary>
    public static bool Evaluate(PhoneRule rule, ReadOnlySpan<char> digits)
    {
        string number = digits.ToString();
        return rule switch
        {
            PhoneRule.International => IsValid("+" + number, "ZZ"),
            PhoneRule.Spain => IsValid(number, "ES"),
            PhoneRule.Nanp => IsValid(number, "US"),
            PhoneRule.EuropeTrunk => IsValid(number, "GB") || IsValid(number, "FR") || IsValid(number, "DE") || IsValid(number, "IT")
                || IsValid(number, "NL") || IsValid(number, "BE"),
            PhoneRule.EuropeShortTrunk => IsValid(number, "DE") || IsValid(number, "IT") || IsValid(number, "BE"),
            PhoneRule.Portugal => IsValid(number, "PT"),
            PhoneRule.ItalyMobile => IsMobile(number, "IT"),
            PhoneRule.UkMobile => IsMobile(number, "GB"),
            _ => false,
        };
    }

    private static bool IsMobile(string number, string region)
    {
        try
        {
            var parsed = Util.Parse(number, region);
            return Util.IsValidNumber(parsed) && Util.GetNumberType(parsed) == PhoneNumberType.MOBILE;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>
    /// Ofcom's fictional "drama" mobile range 07700 900000-900999 (+44 7700 900xxx). libphonenumber reports it as
    /// invalid, but real documents (and test data pasted into prompts) use it as a phone number, so it is accepted.
    /// <paramref name="cc"/> is 2 when the digits start with the country code 44, 0 when they start with the 0 trunk.
    /// </summary>
    public static bool IsUkDramaRange(ReadOnlySpan<char> digits, int countryCodeLength) =>
        countryCodeLength == 2 ? digits.Length == 12 && digits.StartsWith("447700900") : digits.Length == 11 && digits.StartsWith("07700900");

    /// <summary>E.164 form when parseable (Spain as default region), otherwise digits with a leading '+' kept.</summary>
    public static string Normalize(string raw)
    {
        try
        {
            var spanish = Util.Parse(raw, "ES");
            if (Util.IsValidNumber(spanish)) return Util.Format(spanish, PhoneNumberFormat.E164);
            var american = Util.Parse(raw, "US");
            if (Util.IsValidNumber(american)) return Util.Format(american, PhoneNumberFormat.E164);
        }
        catch (NumberParseException)
        {
        }
        var digits = new System.Text.StringBuilder(raw.Length);
        foreach (char character in raw) if (Chars.IsDigit(character) || character == '+') digits.Append(character);
        return digits.ToString();
    }
}
