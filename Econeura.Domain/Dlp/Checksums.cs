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
        bool dbl = false;
        for (int i = digits.Length - 1; i >= 0; i--)
        {
            int d = digits[i] - '0';
            if ((uint)d > 9) return false;
            if (dbl)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    /// <summary>True when the IIN prefix belongs to a known card brand that issues numbers of this length.</summary>
    public static bool IsKnownCardBrandAndLength(ReadOnlySpan<char> d)
    {
        int len = d.Length;
        if (len < 12 || len > 19) return false;
        for (int i = 0; i < 6; i++) if ((uint)(d[i] - '0') > 9) return false;
        // pN: the first N digits of the issuer identification number
        int p1 = d[0] - '0';
        int p2 = p1 * 10 + (d[1] - '0');
        int p3 = p2 * 10 + (d[2] - '0');
        int p4 = p3 * 10 + (d[3] - '0');
        int p6 = p4 * 100 + (d[4] - '0') * 10 + (d[5] - '0');
        if (p1 == 4) return len is 13 or 16 or 19;                                 // Visa
        if (p2 is >= 51 and <= 55) return len == 16;                               // Mastercard
        if (p4 is >= 2221 and <= 2720) return len == 16;                           // Mastercard 2-series
        if (p4 is >= 2200 and <= 2204) return len is >= 16 and <= 19;              // Mir
        if (p2 is 34 or 37) return len == 15;                                      // Amex
        if (p4 == 6011 || p3 is >= 644 and <= 649 || p2 == 65) return len is >= 16 and <= 19; // Discover
        if (p6 is >= 622126 and <= 622925) return len is >= 16 and <= 19;          // Discover/UnionPay co-brand
        if (p2 == 62 || p2 == 81) return len is >= 16 and <= 19;                   // UnionPay
        if (p3 is >= 300 and <= 305 || p2 is 36 or 38 or 39 || p4 == 3095) return len is >= 14 and <= 19; // Diners
        if (p4 is >= 3528 and <= 3589) return len is >= 16 and <= 19;              // JCB
        if (p2 is 50 or 56 or 57 or 58 or 63 or 67 or 60) return len is >= 12 and <= 19; // Maestro
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
    public static int IbanLength(char c1, char c2)
    {
        int a = (c1 | 0x20) - 'a', b = (c2 | 0x20) - 'a';
        if ((uint)a > 25 || (uint)b > 25) return 0;
        return IbanLengthTable[a * 26 + b];
    }

    /// <summary>Full IBAN validation of a compact (no spaces) IBAN, case-insensitive.</summary>
    public static bool IsValidIban(ReadOnlySpan<char> iban)
    {
        if (iban.Length < 15 || iban.Length > 34) return false;
        if (IbanLength(iban[0], iban[1]) != iban.Length) return false;
        if (!char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3])) return false;
        int rem = 0;
        int len = iban.Length;
        for (int k = 0; k < len; k++)
        {
            char c = iban[(k + 4) % len];
            if (c is >= '0' and <= '9') rem = (rem * 10 + (c - '0')) % 97;
            else
            {
                int v = (c | 0x20) - 'a';
                if ((uint)v > 25) return false;
                rem = (rem * 100 + v + 10) % 97;
            }
        }
        return rem == 1;
    }

    /// <summary>DNI: 8 digits + control letter (digits mod 23).</summary>
    public static bool IsValidDni(ReadOnlySpan<char> digits8, char letter)
    {
        if (digits8.Length != 8) return false;
        int n = 0;
        foreach (char c in digits8)
        {
            if (!char.IsAsciiDigit(c)) return false;
            n = n * 10 + (c - '0');
        }
        return DniLetters[n % 23] == char.ToUpperInvariant(letter);
    }

    /// <summary>NIE: X/Y/Z + 7 digits + control letter (X=0, Y=1, Z=2, then DNI table).</summary>
    public static bool IsValidNie(char prefix, ReadOnlySpan<char> digits7, char letter)
    {
        int p = char.ToUpperInvariant(prefix) switch { 'X' => 0, 'Y' => 1, 'Z' => 2, _ => -1 };
        if (p < 0 || digits7.Length != 7) return false;
        int n = p;
        foreach (char c in digits7)
        {
            if (!char.IsAsciiDigit(c)) return false;
            n = n * 10 + (c - '0');
        }
        return DniLetters[n % 23] == char.ToUpperInvariant(letter);
    }

    public static bool IsCifLetter(char c) => c is 'A' or 'B' or 'C' or 'D' or 'E' or 'F' or 'G' or 'H' or 'J' or 'N' or 'P' or 'Q' or 'R' or 'S' or 'U' or 'V' or 'W';

    /// <summary>CIF: organisation letter + 7 digits + control (digit or letter depending on the organisation letter).</summary>
    public static bool IsValidCif(char letter, ReadOnlySpan<char> digits7, char control)
    {
        if (!IsCifLetter(letter) || digits7.Length != 7) return false;
        int even = 0, odd = 0;
        for (int i = 0; i < 7; i++)
        {
            int d = digits7[i] - '0';
            if ((uint)d > 9) return false;
            if ((i & 1) == 0)
            {
                int x = d * 2;
                odd += x / 10 + x % 10;
            }
            else even += d;
        }
        int cd = (10 - (even + odd) % 10) % 10;
        char cl = CifControlLetters[cd];
        bool lettersOnly = letter is 'P' or 'Q' or 'R' or 'S' or 'N' or 'W' || (digits7[0] == '0' && digits7[1] == '0');
        bool digitsOnly = letter is 'A' or 'B' or 'E' or 'H';
        if (char.IsAsciiDigit(control)) return !lettersOnly && control - '0' == cd;
        return !digitsOnly && char.ToUpperInvariant(control) == cl;
    }

    /// <summary>US SSN structural validity (SSA rules).</summary>
    public static bool IsValidSsn(int area, int group, int serial) =>
        area is > 0 and < 900 && area != 666 && group is > 0 and <= 99 && serial is > 0 and <= 9999;

    private const string Base62Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static readonly uint[] Crc32Table = BuildCrc32Table();

    private static uint[] BuildCrc32Table()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
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
        foreach (char c in body[..EntropyLength])
        {
            if (c > 127) return false;
            crc = Crc32Table[(crc ^ c) & 0xFF] ^ (crc >> 8);
        }
        ulong expected = ~crc;
        ulong written = 0;
        foreach (char c in body[EntropyLength..])
        {
            int digit = Base62Digits.IndexOf(c);
            if (digit < 0) return false;
            written = written * 62 + (ulong)digit;
        }
        return written == expected;
    }
}
