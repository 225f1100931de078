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
    /// True when the word at <paramref name="wordStart"/> starts something IBAN-shaped: a valid IBAN (reported), or one
    /// that fails its checks, whose first word alone is then skipped so that digits after a separator are scanned again.
    /// <paramref name="resumeAt"/> is where scanning goes on.
    /// </summary>
    public static bool TryConsume(ScanContext ctx, int wordStart, out int resumeAt)
    {
        string text = ctx.Text;
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
            char c = text[i];
            if (Chars.IsAsciiAlnum(c)) { compact[count++] = c; i++; }
            else if (c is ' ' or '-' or '\u00A0' && count >= 4 && i + 1 < text.Length && Chars.IsAsciiAlnum(text[i + 1]) && Chars.IsAsciiAlnum(text[i - 1])) i++;
            else break;
        }
        if (count < expectedLength) return false;
        if ((i < text.Length && Chars.IsAsciiAlnum(text[i])) || !Checksums.IsValidIban(compact[..expectedLength]))
        {
            resumeAt = NumericDetector.SkipWord(text, wordStart);
            return true;
        }
        ctx.Add(EntityType.IBAN, wordStart, i - wordStart, Scores.Iban);
        resumeAt = i;
        return true;
    }
}
