namespace Econeura.Domain.Dlp;

/// <summary>
/// Free-text password labels with words between the password word and the colon: "Contraseña temporal:",
/// "Temporary password:", "Your new password is:", "contraseña de acceso:".
/// </summary>
internal static class PasswordLabel
{
    private const int MaxModifierWords = 3;
    private const int MaxWordLength = 24;

    /// <summary>Words that may stand between a password word and the colon of a free-text label.</summary>
    public static bool IsModifier(ReadOnlySpan<char> word)
    {
        if (word.Length > 12) return false;
        Span<char> lower = stackalloc char[word.Length];
        word.ToLowerInvariant(lower);
        return lower is "temporal" or "temporales" or "provisional" or "nueva" or "nuevo" or "new" or "temporary" or "temp" or "initial"
            or "inicial" or "actual" or "current" or "is" or "es" or "de" or "del" or "acceso" or "access" or "la" or "el" or "the"
            or "one-time" or "wifi" or "wi-fi" or "root" or "admin" or "usuario" or "user" or "vpn" or "db" or "generated"
            or "generada" or "asignada" or "assigned" or "default" or "defecto" or "por" or "was" or "sería" or "seria" or "will" or "be";
    }

    /// <summary>
    /// Looks back from a modifier at <paramref name="modifierStart"/> over at most 3 more words on the same line (single
    /// spaces between) for a password word; every word in between must be a modifier too.
    /// </summary>
    public static bool EndsBefore(string text, int modifierStart)
    {
        int i = modifierStart - 1;
        for (int words = 0; words < MaxModifierWords; words++)
        {
            if (i < 0 || text[i] != ' ') return false;
            i--;
            int end = i + 1;
            while (i >= 0 && end - i <= MaxWordLength && (char.IsLetter(text[i]) || text[i] is '_' or '-')) i--;
            int length = end - i - 1;
            if (length < 2 || length > MaxWordLength) return false;
            var word = text.AsSpan(i + 1, length);
            if (SecretKeys.Classify(word) == SecretKind.Password) return true;
            if (!IsModifier(word)) return false;
        }
        return false;
    }
}
