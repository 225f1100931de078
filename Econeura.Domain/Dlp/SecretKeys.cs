namespace Econeura.Domain.Dlp;

/// <summary>Keys whose value is a secret ("DB_PASSWORD", "Pwd", "client_secret", "api_key") and what a value must look like.</summary>
internal static class SecretKeys
{
    /// <summary>Matched at the end of the key: "DB_PASSWORD", "mysql_pwd", "PGPASSWORD".</summary>
    private static readonly string[] PasswordKeys =
        { "password", "passwd", "pwd", "contraseña", "contrasena", "passphrase", "clave_acceso", "db_pass" };

    /// <summary>Matched at the end of the key after a separator: "aws_secret_access_key", "X-Api-Key", "token".</summary>
    private static readonly string[] TokenKeys =
    {
        "secret", "secret_key", "secretkey", "secret_access_key", "api_key", "apikey", "api-key", "access_token",
        "accesstoken", "auth_token", "authtoken", "client_secret", "clientsecret", "private_key", "token", "access_key_secret",
        "sharedaccesskey", "accountkey", "x-api-key", "access_key", "accesskey", "primary_key", "primarykey", "secondary_key",
        "secondarykey", "master_key", "masterkey", "secretaccesskey", "sessiontoken", "refreshtoken", "apitoken", "auth_key",
        "authkey", "privatekey", "signing_key", "signingkey",
    };

    /// <summary>The last letters of every key above, upper and lower case: most keys in a text end otherwise and stop here.</summary>
    private static readonly System.Buffers.SearchValues<char> LastLetters = System.Buffers.SearchValues.Create("dDaAeEsSoOtTyYnN");

    public static SecretKind Classify(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty || !LastLetters.Contains(key[^1])) return SecretKind.None;
        Span<char> lower = stackalloc char[key.Length];
        key.ToLowerInvariant(lower);
        if (lower.SequenceEqual("pass")) return SecretKind.Password;
        foreach (var passwordKey in PasswordKeys)
            if (lower.EndsWith(passwordKey)) return SecretKind.Password;
        foreach (var tokenKey in TokenKeys)
        {
            if (lower.EndsWith(tokenKey) && (lower.Length == tokenKey.Length || lower[lower.Length - tokenKey.Length - 1] is '_' or '-' or '.'))
                return SecretKind.Token;
        }
        return SecretKind.None;
    }

    /// <summary>
    /// A password needs 3+ characters; after a free-text label 6+ with a non-letter, or 4+ digits ("Password: must be long"
    /// is prose, "Contraseña: 1234" is not). A token needs 8+ characters with a digit.
    /// </summary>
    public static bool IsPlausibleValue(SecretKind kind, ReadOnlySpan<char> value, bool isFreeTextLabel)
    {
        if (kind == SecretKind.Password)
            return value.Length >= 3 && (!isFreeTextLabel || (value.Length >= 6 && HasNonLetter(value))
                || (value.Length >= 4 && !value.ContainsAnyExceptInRange('0', '9')));
        return value.Length >= 8 && value.ContainsAnyInRange('0', '9');
    }

    private static bool HasNonLetter(ReadOnlySpan<char> value)
    {
        foreach (char character in value) if (!char.IsLetter(character)) return true;
        return false;
    }
}
