namespace Econeura.Domain.Dlp;

/// <summary>
/// IBANs: a country code with a known IBAN length, two check digits, then any grouping of single separators (space, NBSP,
/// '-'): "ES91 2100 0418 4502 0005 1332", CCC layout "ES91 2100 0418 45 0200051332", "ES91-2100-…". Matched
/// case-insensitively ("es91…") except for a mixed-case country code; mod-97 must pass. The span covers only the IBAN.
/// </summary>
internal static class IbanDetector
{
    private const int MaxIbanLength = 34;

    /// <summary>
    /// True when the word at <paramref name="wordStart"/> starts something IBAN-shaped: a valid IBAN (reported), or one that
    /// fails its checks. An invalid one written in groups of four ("ES12 3456 7890 1234 5678 9012") is skipped whole: its
    /// digits are neither a card nor a phone. Otherwise only its first word is skipped, so that digits after a separator
    /// are scanned again. <paramref name="resumeAt"/> is where scanning goes on.
    /// </summary>
    public static bool TryConsume(ScanContext context, int wordStart, out int resumeAt)
    {
        string text = context.Text;
        resumeAt = wordStart;
        if (wordStart + 4 > text.Length || !Chars.IsAsciiLetter(text[wordStart]) || !Chars.IsAsciiLetter(text[wordStart + 1])
            || !Chars.IsDigit(text[wordStart + 2]) || !Chars.IsDigit(text[wordStart + 3]))
            return false;
        if (char.IsAsciiLetterUpper(text[wordStart]) != char.IsAsciiLetterUpper(text[wordStart + 1])) return false; // "Es12"
        int expectedLength = Checksums.IbanLength(text[wordStart], text[wordStart + 1]);
        if (expectedLength == 0) return false;

        Span<char> compact = stackalloc char[MaxIbanLength];
        int count = 0;
        int i = wordStart;
        // The length must equal the country's IBAN length and mod-97 must pass, so a greedy walk is safe.
        while (i < text.Length && count < expectedLength)
        {
            char character = text[i];
            if (Chars.IsAsciiAlnum(character)) { compact[count++] = character; i++; }
            else if (character is ' ' or '-' or '\u00A0' && count >= 4 && i + 1 < text.Length
                     && Chars.IsAsciiAlnum(text[i + 1]) && Chars.IsAsciiAlnum(text[i - 1]))
                i++;
            else break;
        }
        if (count < expectedLength || (i < text.Length && Chars.IsAsciiAlnum(text[i])) || !Checksums.IsValidIban(compact[..expectedLength]))
        {
            int groupedEnd = EndOfFourCharacterGroups(text, wordStart, expectedLength);
            if (groupedEnd < 0 && count < expectedLength) return false;
            resumeAt = groupedEnd >= 0 ? groupedEnd : NumericDetector.SkipWord(text, wordStart);
            return true;
        }
        context.Add(EntityType.IBAN, wordStart, i - wordStart, Scores.Iban);
        resumeAt = i;
        return true;
    }

    /// <summary>
    /// The end of "CCdd" followed by groups of four digits or capitals (the last group may be shorter), up to the country's
    /// length, when there are at least 12 characters after the check digits; otherwise -1.
    /// </summary>
    private static int EndOfFourCharacterGroups(string text, int wordStart, int expectedLength)
    {
        const int GroupLength = 4, MinCharactersAfterCheckDigits = 12;
        int i = wordStart + 4;
        int count = 4;
        while (count < expectedLength && i + 1 < text.Length && text[i] is ' ' or '-' or '\u00A0')
        {
            int groupStart = i + 1;
            int groupEnd = groupStart;
            while (groupEnd < text.Length && groupEnd - groupStart < GroupLength
                   && (Chars.IsDigit(text[groupEnd]) || char.IsAsciiLetterUpper(text[groupEnd])))
                groupEnd++;
            int length = groupEnd - groupStart;
            if (length == 0 || (groupEnd < text.Length && Chars.IsAsciiAlnum(text[groupEnd]))) break;
            count += length;
            i = groupEnd;
            if (length < GroupLength) break;
        }
        return count - 4 >= MinCharactersAfterCheckDigits ? i : -1;
    }
}
