namespace Econeura.Domain.Dlp;

/// <summary>Reading the value that follows a password word or a command-line flag, and telling a password from prose.</summary>
internal static class PasswordValue
{
    private const int MaxLength = 128;

    /// <summary>
    /// Reads a quoted value (up to its closing quote on the same line) or a bare one (up to whitespace or a delimiter,
    /// without trailing sentence punctuation; a trailing '!' stays). False when nothing readable starts at <paramref name="at"/>.
    /// </summary>
    public static bool TryRead(string text, int at, out int start, out int end, out bool quoted)
    {
        start = end = at;
        quoted = false;
        if (at >= text.Length) return false;
        char first = text[at];
        if (first is '"' or '\'' or '`')
        {
            quoted = true;
            start = at + 1;
            end = start;
            while (end < text.Length && end - start <= MaxLength && text[end] != first && text[end] != '\n') end++;
            return end < text.Length && text[end] == first && end > start;
        }
        while (end < text.Length && end - start <= MaxLength && !char.IsWhiteSpace(text[end])
               && text[end] is not ('"' or '\'' or '`' or '<' or '>' or ',' or ';' or ')' or ']' or '}' or '|'))
            end++;
        while (end > start && text[end - 1] is '.' or ':' or '?' or ',') end--;
        return end > start && end - start <= MaxLength;
    }

    /// <summary>
    /// A value given in prose ("my password is …", "la contraseña es …") is taken for a password only when it does not read
    /// like a word, a date or a link: 6+ characters with a digit or a symbol that is not just closing punctuation
    /// ("Hunter2!", "P@ss-w0rd", "123456"; not "correcto", "wrong!", "2024-05-17", "https://…"). A quoted value only needs 3
    /// characters. Placeholders never count.
    /// </summary>
    public static bool LooksLikePassword(ReadOnlySpan<char> value, bool quoted)
    {
        if (Placeholders.IsPlaceholder(value)) return false;
        if (quoted) return value.Length >= 3;
        var core = value.TrimEnd("!?");
        if (core.Length < 6 || core.Contains("://", StringComparison.Ordinal)) return false;
        bool digitsOnly = !core.ContainsAnyExceptInRange('0', '9');
        if (!digitsOnly && !core.ContainsAnyExcept(DateOrNumberChars)) return false;
        foreach (char character in core)
            if (!char.IsLetter(character)) return true;
        return false;
    }

    private static readonly System.Buffers.SearchValues<char> DateOrNumberChars = System.Buffers.SearchValues.Create("0123456789-/.:,");

    /// <summary>A value given to a command-line flag or a config directive: 3+ characters, not another flag, not a variable.</summary>
    public static bool LooksLikeArgument(ReadOnlySpan<char> value, bool quoted) =>
        value.Length >= 3 && (quoted || value[0] != '-') && !Placeholders.IsPlaceholder(value);
}
