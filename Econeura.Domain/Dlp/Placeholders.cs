namespace Econeura.Domain.Dlp;

/// <summary>Template placeholders that must not be reported as secrets.</summary>
public static class Placeholders
{
    private static readonly string[] Words =
    {
        "changeme", "change_me", "change-me", "password", "passw0rd", "secret", "xxx", "xxxx", "your_password", "yourpassword",
        "your-password", "tu_contraseña", "tu-contraseña", "redacted", "null", "none", "nil", "undefined", "example", "dummy",
        "placeholder", "todo", "tbd", "***", "...", "<password>", "pass", "mypassword", "contraseña", "your_api_key",
        "your-api-key", "your_token", "<token>", "token", "empty", "n/a", "na", "sk-...", "api_key", "apikey", "replace_me",
        "replaceme", "replace-me", "open sesame", "foobared",
    };

    /// <summary>
    /// True for values like <c>${DB_PASSWORD}</c>, <c>{{secret}}</c>, <c>{{ vault_db_password }}</c>, <c>%PWD%</c>,
    /// <c>$PASSWORD</c>, <c>&lt;your-api-key&gt;</c>, <c>****</c>, <c>xxxxxx</c>, <c>[REDACTED]</c>, well-known dummy words
    /// such as <c>changeme</c>, and the documentation examples vendors publish (AWS's <c>AKIAIOSFODNN7EXAMPLE</c> and
    /// <c>wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</c> carry the word EXAMPLE in capitals).
    /// </summary>
    public static bool IsPlaceholder(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty) return true;
        if (value.Contains("EXAMPLE", StringComparison.Ordinal) || IsMadeUpGitHubToken(value)) return true;
        if (value.StartsWith("${") || value.StartsWith("{{") || value.StartsWith("#{") || value.StartsWith("<") || value.StartsWith("[")
            || value.StartsWith("$("))
            return true;
        if (value[0] == '%' && value[^1] == '%' && value.Length > 2) return true;
        if (value[0] == '$' && value.Length > 1 && (char.IsAsciiLetter(value[1]) || value[1] == '_')) return true;
        bool allSame = true;
        for (int i = 1; i < value.Length; i++) if (char.ToLowerInvariant(value[i]) != char.ToLowerInvariant(value[0])) { allSame = false; break; }
        if (allSame && (value[0] is '*' or 'x' or 'X' or '•' or '.' or '#' or '?' or '-' or '0' || value.Length >= 3)) return true;
        if (value.Length <= 32)
        {
            Span<char> lower = stackalloc char[value.Length];
            value.ToLowerInvariant(lower);
            foreach (var word in Words) if (lower.SequenceEqual(word)) return true;
            if (IsDummyWordWithDigits(lower)) return true;
            if (lower.StartsWith("your") || lower.StartsWith("replace") || lower.StartsWith("tu_") || lower.StartsWith("my_")
                || lower.Contains("redacted", StringComparison.Ordinal)
                || lower.Contains("placeholder", StringComparison.Ordinal)
                || lower.Contains("xxxx", StringComparison.Ordinal) || lower.Contains("****", StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    private static readonly string[] DummyStems = { "password", "passw0rd", "pass", "changeme", "secret", "example", "contraseña", "dummy" };

    /// <summary>
    /// Documentation-style dummies: a dummy stem followed only by digits and/or a single '!' ("password123", "changeme1",
    /// "secret123", "test1234", "admin123!"). Real passwords that merely contain such a word ("P@ssw0rd_prod", "Secret2024#x")
    /// are still reported.
    /// </summary>
    private static bool IsDummyWordWithDigits(ReadOnlySpan<char> lower)
    {
        foreach (var stem in DummyStems)
        {
            if (!lower.StartsWith(stem)) continue;
            var tail = lower[stem.Length..];
            if (tail.IsEmpty) return true;
            if (tail[^1] == '!') tail = tail[..^1];
            if (tail.IsEmpty) return false;
            bool digits = true;
            foreach (char character in tail) if (!Chars.IsDigit(character)) { digits = false; break; }
            if (digits) return true;
        }
        return false;
    }

    /// <summary>
    /// A GitHub token written by hand, whatever key it stands under: ghp_/gho_/ghu_/ghs_ not followed by exactly 36
    /// characters, or any of them (ghr_ too) whose built-in CRC32 fails.
    /// </summary>
    private static bool IsMadeUpGitHubToken(ReadOnlySpan<char> value)
    {
        if (value.Length < 8 || value[0] != 'g' || value[1] != 'h' || value[2] is not ('p' or 'o' or 'u' or 's' or 'r') || value[3] != '_') return false;
        if (value.Length == 40) return !Checksums.IsValidGitHubTokenBody(value[4..]);
        return value[2] != 'r';
    }
}
