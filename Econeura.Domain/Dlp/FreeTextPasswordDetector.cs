namespace Econeura.Domain.Dlp;

/// <summary>
/// A password named by a word and given after it without ':' or '=' (those are <see cref="KeyValueDetector"/>'s):
/// <list type="bullet">
/// <item>through a verb or a colon, over up to 6 words: "my password is …", "the password for the VPN was …",
/// "la contraseña del wifi es …", "la clave de acceso al servidor es …", "password changed to …", "Password for the SFTP
/// account: …";</item>
/// <item>quoted right after the word: SQL "WITH PASSWORD '…'", "ALTER USER … PASSWORD '…'", "PASSWORD('…')", "--password "…"";</item>
/// <item>as the next argument of a "--password" flag, or after "SET PASSWORD FOR … =";</item>
/// <item>right after the word when it cannot be a word: "usuario admin y contraseña Adm1n-2024".</item>
/// </list>
/// A value in prose must not read like a word (<see cref="PasswordValue.LooksLikePassword"/>).
/// </summary>
internal static class FreeTextPasswordDetector
{
    private const int MaxWordsBeforeVerb = 6;
    private const int MaxWordLength = 24;
    private const int MaxSetPasswordLength = 120;

    public static int AfterPasswordWord(ScanContext context, int wordStart, int wordEnd)
    {
        string text = context.Text;
        int next = Words.SkipBlanks(text, wordEnd);
        if (next >= text.Length || text[next] is ':' or '=') return wordEnd;
        bool isFlag = text[wordStart] == '-' && text[wordStart + 1] == '-';

        if (text[next] == '(' && next + 1 < text.Length && text[next + 1] is '"' or '\'') return ReportIfPassword(context, next + 1, quotedOnly: true);
        if (text[next] is '"' or '\'' && next > wordEnd) return ReportIfPassword(context, next, quotedOnly: true);
        if (isFlag) return ReportIfArgument(context, next);
        if (Words.IsAt(text, next, "for") && TryAfterSetPasswordFor(context, next, out int resume)) return resume;
        return AfterVerb(context, next, wordEnd, ChangeVerbBefore(text, wordStart));
    }

    /// <summary>
    /// Walks up to 6 words to a verb ("is", "es", "was", "será", "changed to") or a colon and reads the value after it.
    /// <paramref name="changedBefore"/>: "I changed the password to …", "he cambiado la contraseña a …".
    /// </summary>
    private static int AfterVerb(ScanContext context, int first, int wordEnd, bool changedBefore)
    {
        string text = context.Text;
        int position = first;
        bool afterChangeVerb = changedBefore, afterModal = false, namesWhatFor = false;
        for (int words = 0; words <= MaxWordsBeforeVerb && position < text.Length; words++)
        {
            int end = position;
            while (end < text.Length && end - position < MaxWordLength
                   && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or '-' or '.' or '@' or '\''))
                end++;
            if (end == position || end - position >= MaxWordLength) break;
            var word = text.AsSpan(position, end - position).TrimEnd('.');
            if (words == 0 && IsUnlikeAnyWord(word)) return Report(context, position, position + word.Length);
            if (IsVerb(word, afterChangeVerb, afterModal)) return AfterVerbWord(context, end);
            afterChangeVerb = IsChangeVerb(word);
            afterModal = word.Equals("will", StringComparison.OrdinalIgnoreCase) || word.Equals("would", StringComparison.OrdinalIgnoreCase);
            bool sentenceEnds = word.Length < end - position;
            // "Password for the SFTP account: …", "contraseña de la base de datos: …"; not "Password expires: …"
            if (words == 0) namesWhatFor = IsPreposition(word);
            if (namesWhatFor && !sentenceEnds && end < text.Length && text[end] == ':') return AfterVerbWord(context, end);
            int arrowEnd = ArrowEnd(text, end);
            if (arrowEnd > 0) return AfterVerbWord(context, arrowEnd); // "contraseña generada → …", "new password -> …"
            if (sentenceEnds || end >= text.Length || text[end] != ' ') break;
            position = end + 1;
        }
        return wordEnd;
    }

    private static int AfterVerbWord(ScanContext context, int verbEnd)
    {
        string text = context.Text;
        int at = Words.SkipBlanks(text, verbEnd);
        if (at < text.Length && text[at] == ':') at = Words.SkipBlanks(text, at + 1);
        int fillerEnd = at;
        while (fillerEnd < text.Length && char.IsLetter(text[fillerEnd])) fillerEnd++;
        if (IsFiller(text.AsSpan(at, fillerEnd - at))) at = Words.SkipBlanks(text, fillerEnd);
        return ReportIfPassword(context, at, quotedOnly: false);
    }

    /// <summary>MySQL "SET PASSWORD FOR 'app'@'%' = 'S3cret!'" or "= PASSWORD('S3cret!')".</summary>
    private static bool TryAfterSetPasswordFor(ScanContext context, int forStart, out int resume)
    {
        string text = context.Text;
        resume = forStart;
        int limit = Math.Min(text.Length, forStart + MaxSetPasswordLength);
        int equals = forStart;
        while (equals < limit && text[equals] is not ('=' or '\n' or ';')) equals++;
        if (equals >= limit || text[equals] != '=') return false;
        int at = Words.SkipBlanks(text, equals + 1);
        if (text.AsSpan(at).StartsWith("PASSWORD(", StringComparison.OrdinalIgnoreCase)) at += "PASSWORD(".Length;
        resume = ReportIfPassword(context, at, quotedOnly: true);
        return true;
    }

    private static int ReportIfPassword(ScanContext context, int at, bool quotedOnly)
    {
        if (!PasswordValue.TryRead(context.Text, at, out int start, out int end, out bool quoted)) return at + 1;
        if (quotedOnly && !quoted) return end;
        if (!PasswordValue.LooksLikePassword(context.Text.AsSpan(start, end - start), quoted)) return end;
        return Report(context, start, end);
    }

    private static int ReportIfArgument(ScanContext context, int at)
    {
        if (!PasswordValue.TryRead(context.Text, at, out int start, out int end, out bool quoted)) return at + 1;
        if (!PasswordValue.LooksLikeArgument(context.Text.AsSpan(start, end - start), quoted)) return end;
        return Report(context, start, end);
    }

    private static int Report(ScanContext context, int start, int end)
    {
        context.Add(EntityType.SECRET, start, end - start, Scores.LabelledPassword);
        return end;
    }

    /// <summary>"is", "es", "was", "será"; "be" after "will"/"would"; "to"/"a"/"as" after "changed"/"set"/"cambiada".</summary>
    private static bool IsVerb(ReadOnlySpan<char> word, bool afterChangeVerb, bool afterModal)
    {
        Span<char> lower = stackalloc char[Math.Min(word.Length, MaxWordLength)];
        word[..lower.Length].ToLowerInvariant(lower);
        if (lower is "is" or "es" or "was" or "era" or "fue" or "será" or "sera" or "sería" or "seria") return true;
        return (lower is "be" && afterModal) || (lower is "to" or "a" or "as" && afterChangeVerb);
    }

    /// <summary>The end of an arrow ("→", "->", "=>") after blanks at <paramref name="i"/>, or -1.</summary>
    private static int ArrowEnd(string text, int i)
    {
        i = Words.SkipBlanks(text, i);
        if (i < text.Length && text[i] == '→') return i + 1;
        return i + 1 < text.Length && text[i] is '-' or '=' && text[i + 1] == '>' ? i + 2 : -1;
    }

    /// <summary>A change verb among the two words before the password word ("changed the", "cambiado la").</summary>
    private static bool ChangeVerbBefore(string text, int wordStart)
    {
        int i = wordStart;
        for (int words = 0; words < 2; words++)
        {
            if (i == 0 || text[i - 1] != ' ') return false;
            int end = i - 1;
            int start = end;
            while (start > 0 && end - start < MaxWordLength && char.IsLetter(text[start - 1])) start--;
            if (IsChangeVerb(text.AsSpan(start, end - start))) return true;
            i = start;
        }
        return false;
    }

    /// <summary>"password changed to …", "contraseña cambiada a …".</summary>
    private static bool IsChangeVerb(ReadOnlySpan<char> word)
    {
        Span<char> lower = stackalloc char[Math.Min(word.Length, MaxWordLength)];
        word[..lower.Length].ToLowerInvariant(lower);
        return lower is "changed" or "change" or "set" or "reset" or "updated" or "cambiada" or "cambiado" or "cambia" or "cambié" or "puesta"
            or "puesto" or "actualizada" or "actualizado" or "restablecida" or "reseteada";
    }

    private static bool IsPreposition(ReadOnlySpan<char> word) =>
        word.Equals("for", StringComparison.OrdinalIgnoreCase) || word.Equals("of", StringComparison.OrdinalIgnoreCase)
        || word.Equals("de", StringComparison.OrdinalIgnoreCase) || word.Equals("del", StringComparison.OrdinalIgnoreCase)
        || word.Equals("para", StringComparison.OrdinalIgnoreCase);

    private static bool IsFiller(ReadOnlySpan<char> word) =>
        word.Equals("now", StringComparison.OrdinalIgnoreCase) || word.Equals("ahora", StringComparison.OrdinalIgnoreCase)
        || word.Equals("still", StringComparison.OrdinalIgnoreCase) || word.Equals("just", StringComparison.OrdinalIgnoreCase)
        || word.Equals("simply", StringComparison.OrdinalIgnoreCase) || word.Equals("literally", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A value right after the password word, with no verb, must mix letters and digits and not be an upper-case name such
    /// as "SHA256" or "AES128".
    /// </summary>
    private static bool IsUnlikeAnyWord(ReadOnlySpan<char> value)
    {
        if (!PasswordValue.LooksLikePassword(value, quoted: false)) return false;
        if (!value.ContainsAnyInRange('0', '9') || !(value.ContainsAnyInRange('a', 'z') || value.ContainsAnyInRange('A', 'Z'))) return false;
        return value.Length > 8 || value.ContainsAnyInRange('a', 'z') || value.ContainsAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    }
}
