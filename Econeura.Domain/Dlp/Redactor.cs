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
    public static bool TryParseOperator(string? name, out RedactionOperator redaction)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "mask": redaction = RedactionOperator.Mask; return true;
            case "replace": redaction = RedactionOperator.Replace; return true;
            case "hash": redaction = RedactionOperator.Hash; return true;
            default: redaction = default; return false;
        }
    }

    /// <summary>Scans then redacts every finding.</summary>
    public static RedactionResult Redact(string text, RedactionOperator redaction, ReadOnlySpan<byte> hmacKey = default) =>
        Redact(text, DlpScanner.Scan(text), redaction, hmacKey);

    /// <summary>
    /// Applies <paramref name="redaction"/> to <paramref name="findings"/> (sorted by start, non-overlapping, as returned by
    /// <see cref="DlpScanner"/>). <c>hash</c> requires a non-empty HMAC key. The result says where each replacement was
    /// written in the redacted text, so a view can mark them without parsing the text again.
    /// </summary>
    public static RedactionResult Redact(string text, IReadOnlyList<Finding> findings, RedactionOperator redaction, ReadOnlySpan<byte> hmacKey = default) =>
        Redact(text, findings, _ => redaction, hmacKey);

    /// <summary>As <see cref="Redact(string, IReadOnlyList{Finding}, RedactionOperator, ReadOnlySpan{byte})"/>, with an operator per finding.</summary>
    /// <param name="numberedBefore">The last placeholder number already in use per type (<c>&lt;EMAIL_2&gt;</c> in the text the
    /// redacted one answers): new values are numbered after it, so none reads as one of those.</param>
    public static RedactionResult Redact(
        string text, IReadOnlyList<Finding> findings, Func<Finding, RedactionOperator> operatorOf, ReadOnlySpan<byte> hmacKey = default,
        IReadOnlyDictionary<EntityType, int>? numberedBefore = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(operatorOf);
        if (findings.Count == 0) return new RedactionResult(text, findings, NoCounts, []);

        var redacted = new StringBuilder(text.Length + findings.Count * 8);
        var counts = new Dictionary<EntityType, int>();
        var replacements = new List<Replacement>(findings.Count);
        var numbering = new PlaceholderNumbering(numberedBefore);
        int position = 0;
        foreach (var finding in findings)
        {
            if (finding.Start < position || finding.Length <= 0 || finding.End > text.Length)
                throw new ArgumentException("Findings must be sorted, non-overlapping and inside the text.", nameof(findings));
            redacted.Append(text, position, finding.Start - position);
            string value = text.Substring(finding.Start, finding.Length);
            counts[finding.Type] = counts.TryGetValue(finding.Type, out int count) ? count + 1 : 1;
            int replacementStart = redacted.Length;
            var redaction = operatorOf(finding);
            if (redaction == RedactionOperator.Hash && hmacKey.IsEmpty)
                throw new ArgumentException("The hash operator needs a non-empty HMAC key.", nameof(hmacKey));
            switch (redaction)
            {
                case RedactionOperator.Mask:
                    redacted.Append(Mask(finding.Type, value));
                    break;
                case RedactionOperator.Replace:
                    redacted.Append('<').Append(finding.Type.ToWireName()).Append('_')
                        .Append(numbering.NumberOf(finding.Type, Normalize(finding.Type, value)).ToString(CultureInfo.InvariantCulture)).Append('>');
                    break;
                default:
                    redacted.Append('<').Append(finding.Type.ToWireName()).Append(':').Append(Hash(finding.Type, value, hmacKey)).Append('>');
                    break;
            }
            replacements.Add(new Replacement(finding.Type, replacementStart, redacted.Length - replacementStart));
            position = finding.End;
        }
        redacted.Append(text, position, text.Length - position);
        return new RedactionResult(redacted.ToString(), findings, counts, replacements);
    }

    /// <summary>"&lt;EMAIL_1&gt;", "&lt;EMAIL_2&gt;": one number per distinct normalised value, counted per type.</summary>
    private sealed class PlaceholderNumbering(IReadOnlyDictionary<EntityType, int>? numberedBefore)
    {
        private readonly Dictionary<(EntityType, string), int> _numbers = new();
        private readonly Dictionary<EntityType, int> _lastPerType = numberedBefore is null ? new() : new(numberedBefore);

        public int NumberOf(EntityType type, string normalisedValue)
        {
            if (_numbers.TryGetValue((type, normalisedValue), out int number)) return number;
            number = _lastPerType.TryGetValue(type, out int last) ? last + 1 : 1;
            _lastPerType[type] = number;
            _numbers[(type, normalisedValue)] = number;
            return number;
        }
    }

    /// <summary>Canonical form used for numbering and hashing (card digits, upper-case IBAN/IDs, lower-case email, E.164 phone...).</summary>
    public static string Normalize(EntityType type, string value)
    {
        value = AsScanned(type, value);
        switch (type)
        {
            case EntityType.EMAIL:
                return value.ToLowerInvariant();
            case EntityType.PHONE:
                return PhoneValidator.Normalize(value);
            case EntityType.CREDIT_CARD:
            case EntityType.US_SSN:
                return Keep(value, character => Chars.IsDigit(character), upper: false);
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
    /// Masks with '*' keeping separators (not invisible characters) and the customary visible part: card last 4 digits, IBAN country + last 4,
    /// phone last 3 digits, email first char + domain, SSN last 4, DNI/NIE/CIF last 4, IP separators only, secrets nothing.
    /// </summary>
    public static string Mask(EntityType type, string value)
    {
        value = AsScanned(type, value);
        var characters = value.ToCharArray();
        switch (type)
        {
            case EntityType.CREDIT_CARD:
            case EntityType.US_SSN:
                MaskKeepingLast(characters, Chars.IsDigit, 4);
                break;
            case EntityType.PHONE:
                MaskKeepingLast(characters, Chars.IsDigit, 3);
                break;
            case EntityType.IBAN:
                {
                    int seen = 0;
                    int total = 0;
                    foreach (char character in characters) if (Chars.IsAsciiAlnum(character)) total++;
                    for (int i = 0; i < characters.Length; i++)
                    {
                        if (!Chars.IsAsciiAlnum(characters[i])) continue;
                        if (seen >= 2 && seen < total - 4) characters[i] = '*';
                        seen++;
                    }
                    break;
                }
            case EntityType.ES_DNI:
            case EntityType.ES_NIE:
            case EntityType.ES_CIF:
                MaskKeepingLast(characters, Chars.IsAsciiAlnum, 4);
                break;
            case EntityType.EMAIL:
                {
                    int at = value.LastIndexOf('@');
                    for (int i = 1; i < at; i++) characters[i] = '*';
                    break;
                }
            case EntityType.IP_ADDRESS:
                for (int i = 0; i < characters.Length; i++) if (characters[i] is not ('.' or ':')) characters[i] = '*';
                break;
            default:
                for (int i = 0; i < characters.Length; i++) if (!char.IsWhiteSpace(characters[i])) characters[i] = '*';
                break;
        }
        return new string(characters);
    }

    /// <summary>
    /// The value as the scanner read it: no invisible character left in characters mask, and "ana＠contoso.es" or "ana @ contoso.es"
    /// numbered, hashed and masked as "ana@contoso.es".
    /// </summary>
    private static string AsScanned(EntityType type, string value)
    {
        value = NormalizedText.Fold(value);
        return type == EntityType.EMAIL && value.Contains(' ') ? value.Replace(" ", "", StringComparison.Ordinal) : value;
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
        var kept = new StringBuilder(value.Length);
        foreach (char character in value) if (predicate(character)) kept.Append(upper ? char.ToUpperInvariant(character) : character);
        return kept.ToString();
    }
}
