namespace Econeura.Domain.Dlp;

/// <summary>
/// Name/value pairs that hide the key in a sibling field: Kubernetes and ECS environment entries
/// (<c>- name: DB_PASSWORD</c> then <c>value: "…"</c> on the next line, <c>{"name": "DB_PASSWORD", "value": "…"}</c>), the
/// same shape in HCL, and .NET settings (<c>&lt;add key="SmtpPassword" value="…" /&gt;</c>). The "value" key says nothing;
/// the name or key before it says whether the value is a secret.
/// </summary>
internal static class EnvironmentEntry
{
    private const int MaxLookBack = 160;
    private const int MaxLineBreaks = 2;

    public static bool IsValueKey(ReadOnlySpan<char> key) => key.Equals("value", StringComparison.OrdinalIgnoreCase);

    /// <summary>What the name of the entry whose "value" key starts at <paramref name="valueKeyStart"/> says, or None.</summary>
    public static SecretKind KindOfName(string text, int valueKeyStart)
    {
        int windowStart = Math.Max(0, valueKeyStart - MaxLookBack);
        var window = text.AsSpan(windowStart, valueKeyStart - windowStart);
        int nameKey = Math.Max(window.LastIndexOf("name", StringComparison.OrdinalIgnoreCase), window.LastIndexOf("key", StringComparison.OrdinalIgnoreCase));
        if (nameKey < 0) return SecretKind.None;
        nameKey += windowStart;
        if (nameKey > 0 && Chars.IsWordChar(text[nameKey - 1])) return SecretKind.None; // "hostname", "apikey"
        int i = nameKey;
        while (i < valueKeyStart && char.IsLetter(text[i])) i++;
        if (i < valueKeyStart && text[i] is '"' or '\'') i++;
        while (i < valueKeyStart && text[i] == ' ') i++;
        if (i >= valueKeyStart || text[i] is not (':' or '=')) return SecretKind.None;
        i++;
        while (i < valueKeyStart && text[i] is ' ' or '"' or '\'') i++;
        int nameStart = i;
        while (i < valueKeyStart && (Chars.IsAsciiAlnum(text[i]) || text[i] is '_' or '-' or '.')) i++;
        if (i == nameStart || !OnlySeparatorsBetween(text, i, valueKeyStart)) return SecretKind.None;
        return SecretKeys.Classify(text.AsSpan(nameStart, i - nameStart));
    }

    /// <summary>Between the name and the "value" key: quotes, commas, spaces and at most two line breaks.</summary>
    private static bool OnlySeparatorsBetween(string text, int from, int to)
    {
        int lineBreaks = 0;
        for (int i = from; i < to; i++)
        {
            char character = text[i];
            if (character == '\n' && ++lineBreaks > MaxLineBreaks) return false;
            if (character is not (' ' or '\t' or '\r' or '\n' or '"' or '\'' or ',')) return false;
        }
        return true;
    }
}
