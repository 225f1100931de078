namespace Econeura.Domain.Dlp;

/// <summary>Pure validators (check digits, brand tables) used by the detectors. No allocation.</summary>
public static class Checksums
{
    public const string DniLetters = "TRWAGMYFPDXBNJZSQVHLCKE";
    private const string CifControlLetters = "JABCDEFGHI";

    /// <summary>Luhn (mod 10) over an all-digit span.</summary>
    public static bool Luhn(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty) return false;
        int sum = 0;
        bool doubleThis = false;
        for (int i = digits.Length - 1; i >= 0; i--)
        {
            int digit = digits[i] - '0';
            if ((uint)digit > 9) return false;
            if (doubleThis)
            {
                digit *= 2;
                if (digit > 9) digit -= 9;
            }
            sum += digit;
            doubleThis = !doubleThis;
        }
        return sum % 10 == 0;
    }

    /// <summary>True when the IIN prefix belongs to a known card brand that issues numbers of this length.</summary>
    public static bool IsKnownCardBrandAndLength(ReadOnlySpan<char> digits)
    {
        int length = digits.Length;
        if (length < 12 || length > 19) return false;
        for (int i = 0; i < 6; i++) if ((uint)(digits[i] - '0') > 9) return false;
        // prefixN: the issuer identification number's first N digits, as the brands' ranges are written
        int prefix1 = digits[0] - '0';
        int prefix2 = prefix1 * 10 + (digits[1] - '0');
        int prefix3 = prefix2 * 10 + (digits[2] - '0');
        int prefix4 = prefix3 * 10 + (digits[3] - '0');
        int prefix6 = prefix4 * 100 + (digits[4] - '0') * 10 + (digits[5] - '0');
        if (prefix1 == 4) return length is 13 or 16 or 19;                                       // Visa
        if (prefix2 is >= 51 and <= 55) return length == 16;                                     // Mastercard
        if (prefix4 is >= 2221 and <= 2720) return length == 16;                                 // Mastercard 2-series
        if (prefix4 is >= 2200 and <= 2204) return length is >= 16 and <= 19;                    // Mir
        if (prefix2 is 34 or 37) return length == 15;                                            // Amex
        if (prefix4 == 6011 || prefix3 is >= 644 and <= 649 || prefix2 == 65) return length is >= 16 and <= 19; // Discover
        if (prefix6 is >= 622126 and <= 622925) return length is >= 16 and <= 19;                // Discover/UnionPay co-brand
        if (prefix2 == 62 || prefix2 == 81) return length is >= 16 and <= 19;                    // UnionPay
        if (prefix3 is >= 300 and <= 305 || prefix2 is 36 or 38 or 39 || prefix4 == 3095) return length is >= 14 and <= 19; // Diners
        if (prefix4 is >= 3528 and <= 3589) return length is >= 16 and <= 19;                    // JCB
        if (prefix2 is 50 or 56 or 57 or 58 or 63 or 67 or 60) return length is >= 12 and <= 19; // Maestro
        return false;
    }

    public static bool IsValidCard(ReadOnlySpan<char> digits) =>
        digits.Length is >= 13 and <= 19 && IsKnownCardBrandAndLength(digits) && Luhn(digits);

    private static readonly byte[] IbanLengthTable = BuildIbanTable();

    private static byte[] BuildIbanTable()
    {
        // ISO 13616 registry (SEPA + common others).
        const string spec =
            "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 " +
            "EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 " +
            "IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 " +
            "NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 " +
            "SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
        var table = new byte[26 * 26];
        foreach (var item in spec.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            table[(item[0] - 'A') * 26 + (item[1] - 'A')] = byte.Parse(item.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture);
        }
        return table;
    }

    /// <summary>Expected IBAN length for a country code (upper or lower case), 0 if unknown.</summary>
    public static int IbanLength(char first, char second)
    {
        int firstLetter = (first | 0x20) - 'a', secondLetter = (second | 0x20) - 'a';
        if ((uint)firstLetter > 25 || (uint)secondLetter > 25) return 0;
        return IbanLengthTable[firstLetter * 26 + secondLetter];
    }

    /// <summary>Full IBAN validation of a compact (no spaces) IBAN, case-insensitive.</summary>
    public static bool IsValidIban(ReadOnlySpan<char> iban)
    {
        if (iban.Length < 15 || iban.Length > 34) return false;
        if (IbanLength(iban[0], iban[1]) != iban.Length) return false;
        if (!char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3])) return false;
        int remainder = 0;
        int length = iban.Length;
        for (int k = 0; k < length; k++)
        {
            char character = iban[(k + 4) % length];
            if (character is >= '0' and <= '9') remainder = (remainder * 10 + (character - '0')) % 97;
            else
            {
                int letterValue = (character | 0x20) - 'a';
                if ((uint)letterValue > 25) return false;
                remainder = (remainder * 100 + letterValue + 10) % 97;
            }
        }
        return remainder == 1;
    }

    /// <summary>DNI: 8 digits + control letter (digits mod 23).</summary>
    public static bool IsValidDni(ReadOnlySpan<char> digits8, char letter)
    {
        if (digits8.Length != 8) return false;
        int number = 0;
        foreach (char digit in digits8)
        {
            if (!char.IsAsciiDigit(digit)) return false;
            number = number * 10 + (digit - '0');
        }
        return DniLetters[number % 23] == char.ToUpperInvariant(letter);
    }

    /// <summary>NIE: X/Y/Z + 7 digits + control letter (X=0, Y=1, Z=2, then DNI table).</summary>
    public static bool IsValidNie(char prefix, ReadOnlySpan<char> digits7, char letter)
    {
        int prefixValue = char.ToUpperInvariant(prefix) switch { 'X' => 0, 'Y' => 1, 'Z' => 2, _ => -1 };
        if (prefixValue < 0 || digits7.Length != 7) return false;
        int number = prefixValue;
        foreach (char digit in digits7)
        {
            if (!char.IsAsciiDigit(digit)) return false;
            number = number * 10 + (digit - '0');
        }
        return DniLetters[number % 23] == char.ToUpperInvariant(letter);
    }

    public static bool IsCifLetter(char letter) =>
        letter is 'A' or 'B' or 'C' or 'D' or 'E' or 'F' or 'G' or 'H' or 'J' or 'N' or 'P' or 'Q' or 'R' or 'S' or 'U' or 'V' or 'W';

    /// <summary>CIF: organisation letter + 7 digits + control (digit or letter depending on the organisation letter).</summary>
    public static bool IsValidCif(char letter, ReadOnlySpan<char> digits7, char control)
    {
        if (!IsCifLetter(letter) || digits7.Length != 7) return false;
        int even = 0, odd = 0;
        for (int i = 0; i < 7; i++)
        {
            int digit = digits7[i] - '0';
            if ((uint)digit > 9) return false;
            if ((i & 1) == 0)
            {
                int doubled = digit * 2;
                odd += doubled / 10 + doubled % 10;
            }
            else even += digit;
        }
        int controlDigit = (10 - (even + odd) % 10) % 10;
        char controlLetter = CifControlLetters[controlDigit];
        bool lettersOnly = letter is 'P' or 'Q' or 'R' or 'S' or 'N' or 'W' || (digits7[0] == '0' && digits7[1] == '0');
        bool digitsOnly = letter is 'A' or 'B' or 'E' or 'H';
        if (char.IsAsciiDigit(control)) return !lettersOnly && control - '0' == controlDigit;
        return !digitsOnly && char.ToUpperInvariant(control) == controlLetter;
    }

    /// <summary>US SSN structural validity (SSA rules).</summary>
    public static bool IsValidSsn(int area, int group, int serial) =>
        area is > 0 and < 900 && area != 666 && group is > 0 and <= 99 && serial is > 0 and <= 9999;

    private const string Base62Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static readonly uint[] Crc32Table = BuildCrc32Table();

    private static uint[] BuildCrc32Table()
    {
        var table = new uint[256];
        for (uint index = 0; index < 256; index++)
        {
            uint value = index;
            for (int bit = 0; bit < 8; bit++) value = (value & 1) != 0 ? 0xEDB88320u ^ (value >> 1) : value >> 1;
            table[index] = value;
        }
        return table;
    }

    /// <summary>
    /// GitHub's token format (ghp_, gho_, ghu_, ghs_, ghr_): 30 random base62 characters, then the CRC32 of those 30
    /// characters written as 6 base62 digits. <paramref name="body"/> is the 36 characters after the prefix.
    /// </summary>
    public static bool IsValidGitHubTokenBody(ReadOnlySpan<char> body)
    {
        const int EntropyLength = 30, ChecksumLength = 6;
        if (body.Length != EntropyLength + ChecksumLength) return false;
        uint crc = 0xFFFFFFFFu;
        foreach (char character in body[..EntropyLength])
        {
            if (character > 127) return false;
            crc = Crc32Table[(crc ^ character) & 0xFF] ^ (crc >> 8);
        }
        ulong expected = ~crc;
        ulong written = 0;
        foreach (char character in body[EntropyLength..])
        {
            int digit = Base62Digits.IndexOf(character);
            if (digit < 0) return false;
            written = written * 62 + (ulong)digit;
        }
        return written == expected;
    }
}
