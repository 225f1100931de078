namespace Econeura.Domain.Dlp;

/// <summary>
/// Handles ':' and '=' anchors. "scheme://" goes to <see cref="UriCredentialDetector"/>; a key that names a password or
/// a token reports its value (Password=...; Pwd=...; "password": "..."; DB_PASSWORD=...; api_key=...; free-text labels
/// such as "Contraseña temporal: ..."); any other ':' may be inside an IPv6 address (<see cref="Ipv6Detector"/>).
/// </summary>
internal static class KeyValueDetector
{
    private const int MaxKeyLength = 40;
    private const int MaxValueLength = 256;

    public static int ProcessColon(ScanContext context, int colon)
    {
        if (context.Text.AsSpan(colon + 1).StartsWith("//")) return UriCredentialDetector.Process(context, colon);
        int resumeAt = ProcessKeyValue(context, colon, isColon: true);
        if (resumeAt < 0) resumeAt = CommandLinePasswordDetector.AtUserColonPassword(context, colon);
        return resumeAt > 0 ? resumeAt : Ipv6Detector.Process(context, colon);
    }

    public static int ProcessEquals(ScanContext context, int equals)
    {
        int resumeAt = ProcessKeyValue(context, equals, isColon: false);
        return resumeAt > 0 ? resumeAt : equals + 1;
    }

    /// <summary>Reports the value after a password or token key; returns where scanning goes on, or -1 when no such key stands before.</summary>
    private static int ProcessKeyValue(ScanContext context, int separator, bool isColon)
    {
        string text = context.Text;
        int keyEnd = separator;
        if (keyEnd > 0 && text[keyEnd - 1] is '"' or '\'') keyEnd--;
        while (keyEnd > 0 && text[keyEnd - 1] == ' ' && separator - keyEnd < 3) keyEnd--;
        int keyStart = keyEnd;
        while (keyStart > 0 && keyEnd - keyStart < MaxKeyLength
               && (char.IsLetterOrDigit(text[keyStart - 1]) || text[keyStart - 1] is '_' or '-' or '.'))
            keyStart--;
        int keyLength = keyEnd - keyStart;
        if (keyLength < 2 || keyLength > MaxKeyLength) return -1; // 2: "password is: ..."
        var key = text.AsSpan(keyStart, keyLength);
        var kind = SecretKeys.Classify(key);
        bool isFreeTextLabel = isColon;
        if (kind == SecretKind.None && EnvironmentEntry.IsValueKey(key))
        {
            kind = EnvironmentEntry.KindOfName(text, keyStart);
            isFreeTextLabel = false;
        }
        // free-text labels: "Contraseña temporal: ...", "Your password is: ...", "contraseña de acceso: ..."
        if (kind == SecretKind.None && isColon && PasswordLabel.IsModifier(key) && PasswordLabel.EndsBefore(text, keyStart)) kind = SecretKind.Password;
        if (kind == SecretKind.None) return -1;

        int valueAt = separator + 1;
        while (valueAt < text.Length && valueAt - separator <= 3 && text[valueAt] == ' ') valueAt++;
        if (valueAt >= text.Length) return -1;
        if (!TryReadValue(text, valueAt, isColon, out int valueStart, out int valueEnd)) return -1;
        var value = text.AsSpan(valueStart, valueEnd - valueStart);
        if (value.IsEmpty || Placeholders.IsPlaceholder(value)) return valueEnd + 1;
        if (!SecretKeys.IsPlausibleValue(kind, value, isFreeTextLabel)) return valueEnd + 1;
        context.Add(EntityType.SECRET, valueStart, valueEnd - valueStart, kind == SecretKind.Password ? Scores.LabelledPassword : Scores.LabelledToken);
        return valueEnd;
    }

    /// <summary>A quoted value up to its closing quote, or a bare value up to whitespace or a delimiter.</summary>
    private static bool TryReadValue(string text, int valueAt, bool isColon, out int valueStart, out int valueEnd)
    {
        char quote = text[valueAt];
        if (quote is '"' or '\'')
        {
            valueStart = valueAt + 1;
            valueEnd = text.IndexOf(quote, valueStart, Math.Min(text.Length - valueStart, MaxValueLength));
            return valueEnd >= 0;
        }
        valueStart = valueAt;
        valueEnd = valueAt;
        while (valueEnd < text.Length && valueEnd - valueStart < MaxValueLength)
        {
            char character = text[valueEnd];
            // a free-text password may contain brackets as long as they are balanced inside it ("Xy(7)zz!")
            if (isColon && character is ')' or ']' or '}' && HasOpener(text.AsSpan(valueStart, valueEnd - valueStart), character)) { valueEnd++; continue; }
            if (char.IsWhiteSpace(character) || character is ';' or '"' or '\'' or ',' or '<' or ')' or ']' or '}' or '|' or '`') break;
            if (character == '&' && IsQueryParameterStart(text, valueEnd + 1)) break;
            valueEnd++;
        }
        // sentence punctuation is not part of a free-text password ("... uses DB_PASSWORD=changeme."); a trailing '!' is
        // (very common in passwords)
        if (isColon)
        {
            while (valueEnd > valueStart && text[valueEnd - 1] is '.' or ':' or '?') valueEnd--;
        }
        else if (valueEnd >= text.Length || char.IsWhiteSpace(text[valueEnd]))
        {
            while (valueEnd > valueStart && text[valueEnd - 1] is '.' or '?') valueEnd--;
        }
        return true;
    }

    private static bool HasOpener(ReadOnlySpan<char> value, char close)
    {
        char open = close switch { ')' => '(', ']' => '[', _ => '{' };
        int depth = 0;
        foreach (char character in value)
        {
            if (character == open) depth++;
            else if (character == close) depth--;
        }
        return depth > 0;
    }

    private static bool IsQueryParameterStart(string text, int i)
    {
        int start = i;
        while (i < text.Length && i - start < MaxKeyLength && (Chars.IsAsciiAlnum(text[i]) || text[i] is '_' or '-' or '.')) i++;
        return i > start && i < text.Length && text[i] == '=';
    }
}
