using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Econeura.Domain.Dlp;

/// <summary>Pure redaction operators over scanner findings.</summary>
public static class Redactor
{
    private static readonly IReadOnlyDictionary<EntityType, int> NoCounts = new Dictionary<EntityType, int>();

    /// <summary>Parses "mask" / "replace" / "hash" (case-insensitive).</summary>
    public static bool TryParseOperator(string? name, out RedactionOperator op)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "mask": op = RedactionOperator.Mask; return true;
            case "replace": op = RedactionOperator.Replace; return true;
            case "hash": op = RedactionOperator.Hash; return true;
            default: op = default; return false;
        }
    }

    /// <summary>Scans then redacts every finding.</summary>
    public static RedactionResult Redact(string text, RedactionOperator op, ReadOnlySpan<byte> hmacKey = default) =>
        Redact(text, DlpScanner.Scan(text), op, hmacKey);

    /// <summary>Redacts with an operator given by name ("mask", "replace", "hash").</summary>
    public static RedactionResult Redact(string text, IReadOnlyList<Finding> findings, string operatorName, ReadOnlySpan<byte> hmacKey = default)
    {
        if (!TryParseOperator(operatorName, out var op))
            throw new ArgumentException($"Unknown redaction operator '{operatorName}'. Use mask, replace or hash.", nameof(operatorName));
        return Redact(text, findings, op, hmacKey);
    }

    /// <summary>
    /// Applies <paramref name="op"/> to <paramref name="findings"/> (sorted by start, non-overlapping, as returned by
    /// <see cref="DlpScanner"/>). <c>hash</c> requires a non-empty HMAC key.
    /// </summary>
    public static RedactionResult Redact(string text, IReadOnlyList<Finding> findings, RedactionOperator op, ReadOnlySpan<byte> hmacKey = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(findings);
        if (op == RedactionOperator.Hash && hmacKey.IsEmpty)
            throw new ArgumentException("The hash operator needs a non-empty HMAC key.", nameof(hmacKey));
        if (findings.Count == 0) return new RedactionResult(text, findings, NoCounts);

        var sb = new StringBuilder(text.Length + findings.Count * 8);
        var counts = new Dictionary<EntityType, int>();
        var numbering = op == RedactionOperator.Replace ? new Dictionary<(EntityType, string), int>() : null;
        var perTypeNext = op == RedactionOperator.Replace ? new Dictionary<EntityType, int>() : null;
        int pos = 0;
        foreach (var f in findings)
        {
            if (f.Start < pos || f.Length <= 0 || f.End > text.Length)
                throw new ArgumentException("Findings must be sorted, non-overlapping and inside the text.", nameof(findings));
            sb.Append(text, pos, f.Start - pos);
            string value = text.Substring(f.Start, f.Length);
            counts[f.Type] = counts.TryGetValue(f.Type, out int c) ? c + 1 : 1;
            switch (op)
            {
                case RedactionOperator.Mask:
                    sb.Append(Mask(f.Type, value));
                    break;
                case RedactionOperator.Replace:
                    {
                        var key = (f.Type, Normalize(f.Type, value));
                        if (!numbering!.TryGetValue(key, out int number))
                        {
                            number = perTypeNext!.TryGetValue(f.Type, out int last) ? last + 1 : 1;
                            perTypeNext[f.Type] = number;
                            numbering[key] = number;
                        }
                        sb.Append('<').Append(f.Type.ToWireName()).Append('_').Append(number.ToString(CultureInfo.InvariantCulture)).Append('>');
                        break;
                    }
                default:
                    sb.Append('<').Append(f.Type.ToWireName()).Append(':').Append(Hash(f.Type, value, hmacKey)).Append('>');
                    break;
            }
            pos = f.End;
        }
        sb.Append(text, pos, text.Length - pos);
        return new RedactionResult(sb.ToString(), findings, counts);
    }

    /// <summary>Canonical form used for numbering and hashing (card digits, upper-case IBAN/IDs, lower-case email, E.164 phone...).</summary>
    public static string Normalize(EntityType type, string value)
    {
        switch (type)
        {
            case EntityType.EMAIL:
                return value.ToLowerInvariant();
            case EntityType.PHONE:
                return PhoneValidator.Normalize(value);
            case EntityType.CREDIT_CARD:
            case EntityType.US_SSN:
                return Keep(value, c => Chars.IsDigit(c), upper: false);
            case EntityType.IBAN:
            case EntityType.ES_DNI:
            case EntityType.ES_NIE:
            case EntityType.ES_CIF:
                return Keep(value, Chars.IsAsciiAlnum, upper: true);
            case EntityType.IP_ADDRESS:
                return IPAddress.TryParse(value, out var ip) ? ip.ToString() : value.ToLowerInvariant();
            default:
                return value;
        }
    }

    /// <summary>16 hex chars (64 bits) of HMAC-SHA256(key, TYPE + ":" + normalised value).</summary>
    public static string Hash(EntityType type, string value, ReadOnlySpan<byte> hmacKey)
    {
        if (hmacKey.IsEmpty) throw new ArgumentException("HMAC key required.", nameof(hmacKey));
        byte[] data = Encoding.UTF8.GetBytes(type.ToWireName() + ":" + Normalize(type, value));
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(hmacKey, data, mac);
        return Convert.ToHexStringLower(mac[..8]);
    }

    /// <summary>
    /// Masks with '*' keeping separators and the customary visible part: card last 4 digits, IBAN country + last 4,
    /// phone last 3 digits, email first char + domain, SSN last 4, DNI/NIE/CIF last 4, IP separators only, secrets nothing.
    /// </summary>
    public static string Mask(EntityType type, string value)
    {
        var a = value.ToCharArray();
        switch (type)
        {
            case EntityType.CREDIT_CARD:
            case EntityType.US_SSN:
                MaskKeepingLast(a, Chars.IsDigit, 4);
                break;
            case EntityType.PHONE:
                MaskKeepingLast(a, Chars.IsDigit, 3);
                break;
            case EntityType.IBAN:
                {
                    int seen = 0;
                    int total = 0;
                    foreach (char c in a) if (Chars.IsAsciiAlnum(c)) total++;
                    for (int i = 0; i < a.Length; i++)
                    {
                        if (!Chars.IsAsciiAlnum(a[i])) continue;
                        if (seen >= 2 && seen < total - 4) a[i] = '*';
                        seen++;
                    }
                    break;
                }
            case EntityType.ES_DNI:
            case EntityType.ES_NIE:
            case EntityType.ES_CIF:
                MaskKeepingLast(a, Chars.IsAsciiAlnum, 4);
                break;
            case EntityType.EMAIL:
                {
                    int at = value.LastIndexOf('@');
                    for (int i = 1; i < at; i++) a[i] = '*';
                    break;
                }
            case EntityType.IP_ADDRESS:
                for (int i = 0; i < a.Length; i++) if (a[i] is not ('.' or ':')) a[i] = '*';
                break;
            default:
                for (int i = 0; i < a.Length; i++) if (!char.IsWhiteSpace(a[i])) a[i] = '*';
                break;
        }
        return new string(a);
    }

    private static void MaskKeepingLast(char[] a, Func<char, bool> significant, int keep)
    {
        int kept = 0;
        for (int i = a.Length - 1; i >= 0; i--)
        {
            if (!significant(a[i])) continue;
            if (kept < keep) kept++;
            else a[i] = '*';
        }
    }

    private static string Keep(string value, Func<char, bool> predicate, bool upper)
    {
        var sb = new StringBuilder(value.Length);
        foreach (char c in value) if (predicate(c)) sb.Append(upper ? char.ToUpperInvariant(c) : c);
        return sb.ToString();
    }
}
