namespace Econeura.Domain.Dlp;

/// <summary>Credentials in a URI, "scheme://user:PASS@host": only the password is reported.</summary>
internal static class UriCredentialDetector
{
    private const int MaxAuthorityLength = 512;

    /// <summary>Handles the ':' of "scheme://" at <paramref name="colon"/>; returns where scanning goes on.</summary>
    public static int Process(ScanContext context, int colon)
    {
        string text = context.Text;
        if (colon == 0 || !Chars.IsAsciiLetter(text[colon - 1])) return colon + 3;
        int authorityStart = colon + 3;
        int at = -1;
        for (int i = authorityStart; i < text.Length && i - authorityStart < MaxAuthorityLength; i++)
        {
            char character = text[i];
            if (char.IsWhiteSpace(character) || character is '/' or '?' or '#' or '"' or '\'' or '<' or '>' or '`') break;
            if (character == '@') at = i;
        }
        if (at < 0) return colon + 3;
        int userColon = text.IndexOf(':', authorityStart, at - authorityStart);
        if (userColon < 0 || userColon + 1 >= at) return at + 1;
        int passwordStart = userColon + 1;
        if (!Placeholders.IsPlaceholder(text.AsSpan(passwordStart, at - passwordStart)))
            context.Add(EntityType.SECRET, passwordStart, at - passwordStart, Scores.UriPassword);
        return at + 1;
    }
}
