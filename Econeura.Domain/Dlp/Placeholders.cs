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
    public static bool IsPlaceholder(ReadOnlySpan<char> v)
    {
        if (v.IsEmpty) return true;
        if (v.Contains("EXAMPLE", StringComparison.Ordinal) || IsMadeUpGitHubToken(v)) return true;
        if (v.StartsWith("${") || v.StartsWith("{{") || v.StartsWith("#{") || v.StartsWith("<") || v.StartsWith("[") || v.StartsWith("$(")) return true;
        if (v[0] == '%' && v[^1] == '%' && v.Length > 2) return true;
        if (v[0] == '$' && v.Length > 1 && (char.IsAsciiLetter(v[1]) || v[1] == '_')) return true;
        bool allSame = true;
        for (int i = 1; i < v.Length; i++) if (char.ToLowerInvariant(v[i]) != char.ToLowerInvariant(v[0])) { allSame = false; break; }
        if (allSame && (v[0] is '*' or 'x' or 'X' or '•' or '.' or '#' or '?' or '-' or '0' || v.Length >= 3)) return true;
        if (v.Length <= 32)
        {
            Span<char> lower = stackalloc char[v.Length];
            v.ToLowerInvariant(lower);
            foreach (var w in Words) if (lower.SequenceEqual(w)) return true;
            if (IsDummyWordWithDigits(lower)) return true;
            if (lower.StartsWith("your") || lower.StartsWith("replace") || lower.StartsWith("tu_") || lower.StartsWith("my_") || lower.Contains("redacted", StringComparison.Ordinal)
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
            foreach (char c in tail) if (!Chars.IsDigit(c)) { digits = false; break; }
            if (digits) return true;
        }
        return false;
    }

    /// <summary>
    /// A GitHub token written by hand, whatever key it stands under: ghp_/gho_/ghu_/ghs_ not followed by exactly 36
    /// characters, or any of them (ghr_ too) whose built-in CRC32 fails.
    /// </summary>
    private static bool IsMadeUpGitHubToken(ReadOnlySpan<char> v)
    {
        if (v.Length < 8 || v[0] != 'g' || v[1] != 'h' || v[2] is not ('p' or 'o' or 'u' or 's' or 'r') || v[3] != '_') return false;
        if (v.Length == 40) return !Checksums.IsValidGitHubTokenBody(v[4..]);
        return v[2] != 'r';
    }
}
