namespace Econeura.Domain.Dlp;

/// <summary>
/// E-mail at an '@' anchor. Practical RFC 5322 subset: dot-atom local part (alnum . _ % + -), domain of LDH labels with an
/// alphabetic TLD. "mailto:" gives the bare address; SSH/scp targets ("git@github.com:org/repo.git", "deploy@host:/srv")
/// and the git service user are not mailboxes. A space on either side of '@' ("ana @ contoso.es") is tolerated where nothing
/// but an address would be written so.
/// </summary>
internal static class EmailDetector
{
    private const int MaxLocalPartLength = 64;
    private const int MaxLabelLength = 64;

    private static bool IsLocalChar(char character) => char.IsLetterOrDigit(character) || character is '.' or '_' or '%' or '+' or '-';

    public static int Process(ScanContext context, int at)
    {
        string text = context.Text;
        // "ana @ contoso.es", "ana@ contoso.es", "ana @contoso.es": one space on either side of '@'.
        bool spacedBefore = at > 0 && text[at - 1] == ' ';
        bool spacedAfter = at + 1 < text.Length && text[at + 1] == ' ';
        int localEnd = spacedBefore ? at - 1 : at;
        int localStart = localEnd;
        while (localStart > 0 && localEnd - localStart < MaxLocalPartLength && IsLocalChar(text[localStart - 1])) localStart--;
        if (localStart > 0 && IsLocalChar(text[localStart - 1])) return at + 1; // local part too long
        while (localStart < localEnd && text[localStart] is '.' or '-' or '+') localStart++;
        if (localStart == localEnd || text[localEnd - 1] == '.') return at + 1;
        for (int i = localStart + 1; i < localEnd; i++) if (text[i] == '.' && text[i - 1] == '.') return at + 1;
        if (localStart > 0)
        {
            char before = text[localStart - 1];
            if (before == '/' || before == '\\') return at + 1;
            if (before == ':' && !(localStart >= 7 && text.AsSpan(localStart - 7, 6).Equals("mailto", StringComparison.OrdinalIgnoreCase))) return at + 1;
        }

        int domainEnd = spacedAfter ? at + 2 : at + 1;
        int labels = 0;
        int lastLabelStart = -1, lastLabelEnd = -1;
        while (domainEnd < text.Length)
        {
            int labelStart = domainEnd;
            if (!char.IsLetterOrDigit(text[domainEnd])) break;
            while (domainEnd < text.Length && (char.IsLetterOrDigit(text[domainEnd]) || text[domainEnd] == '-')
                   && domainEnd - labelStart < MaxLabelLength)
                domainEnd++;
            int labelEnd = domainEnd;
            while (labelEnd > labelStart && text[labelEnd - 1] == '-') labelEnd--; // a label cannot end with '-'
            labels++;
            lastLabelStart = labelStart;
            lastLabelEnd = labelEnd;
            if (labelEnd != domainEnd) break;
            if (domainEnd + 1 < text.Length && text[domainEnd] == '.' && char.IsLetterOrDigit(text[domainEnd + 1])) { domainEnd++; continue; }
            break;
        }
        if (labels < 2 || lastLabelEnd - lastLabelStart < 2) return at + 1;
        var topLevel = text.AsSpan(lastLabelStart, lastLabelEnd - lastLabelStart);
        foreach (char character in topLevel) if (!char.IsLetter(character)) return at + 1;
        if ((spacedBefore || spacedAfter) && !IsCommonTopLevelDomain(topLevel)) return at + 1;
        int end = lastLabelEnd;
        if (end < text.Length && (text[end] == '@' || text[end] == '_')) return end;
        if (end + 1 < text.Length && text[end] == ':' && (char.IsLetterOrDigit(text[end + 1]) || text[end + 1] is '/' or '~' or '.')) return end;
        if (localEnd - localStart == 3 && text.AsSpan(localStart, 3).Equals("git", StringComparison.OrdinalIgnoreCase)) return end;
        context.Add(EntityType.EMAIL, localStart, end - localStart, Scores.Email);
        return end;
    }

    /// <summary>
    /// A spaced '@' is an address only before a country code or a common generic domain, written in one case: code, prose
    /// and mentions put words there ("y = x @ self.weights", "cc @ john.smith", "Reunión @ sala.grande", "thanks @ana.garcia").
    /// </summary>
    private static bool IsCommonTopLevelDomain(ReadOnlySpan<char> topLevel)
    {
        bool lower = char.IsAsciiLetterLower(topLevel[0]);
        foreach (char character in topLevel) if (lower ? !char.IsAsciiLetterLower(character) : !char.IsAsciiLetterUpper(character)) return false;
        if (topLevel.Length == 2) return true;
        Span<char> folded = stackalloc char[topLevel.Length];
        topLevel.ToLowerInvariant(folded);
        return folded is "com" or "net" or "org" or "edu" or "gov" or "mil" or "int" or "info" or "biz" or "name" or "pro" or "eus" or "cat"
            or "gal" or "app" or "dev" or "cloud" or "online" or "email";
    }
}
