namespace Econeura.Domain.Dlp;

/// <summary>
/// Spanish CIF: organisation letter, 7 digits and the control digit or letter: "B12345674", "B-12345674", and
/// "A 28509701" (single space) only after a tax-id word within 3 words. The checksum is always required. Not when glued
/// to a code ("SKU-A58818501") or right after a product or order word ("SKU", "Ref.", "código de artículo").
/// </summary>
internal static class CifDetector
{
    public static bool TryLeadLetter(in DigitRun run)
    {
        if (!Checksums.IsCifLetter(run.Lead)) return false;
        if (KeywordContext.IsProductCodeContext(run.Text, run.LeadStart)) return false;
        var groups = run.Groups;
        var group = groups[0];
        var digits = run.Text.AsSpan(group.Start, group.Length);
        if (group.Length == 8 && run.EndsCleanly(group.End) && (groups.Length == 1 || groups[1].Separator == ' '))
        {
            if (!Checksums.IsValidCif(run.Lead, digits[..7], digits[7])) return false;
            run.Report(EntityType.ES_CIF, run.LeadStart, group.End, Scores.SpanishCompanyId);
            return true;
        }
        if (group.Length == 7)
        {
            int letter = run.ControlLetterAfter(group.End);
            if (letter != group.End || !Checksums.IsValidCif(run.Lead, digits, run.Text[letter])) return false;
            run.Report(EntityType.ES_CIF, run.LeadStart, letter + 1, Scores.SpanishCompanyId);
            return true;
        }
        return false;
    }

    /// <summary>
    /// A CIF printed with a space after its letter, "CIF A 28509701": the letter two characters before the digits at
    /// <paramref name="digitsStart"/>, a CIF body after it, and a tax-id word before it.
    /// </summary>
    public static bool IsDetachedLead(string text, int digitsStart)
    {
        if (digitsStart < 2 || !Checksums.IsCifLetter(text[digitsStart - 2])) return false;
        if (digitsStart > 2 && (Chars.IsWordChar(text[digitsStart - 3]) || text[digitsStart - 3] == '-')) return false;
        return IsBody(text, digitsStart) && KeywordContext.TaxIdKeywordBefore(text, digitsStart - 2);
    }

    /// <summary>8 digits, or 7 digits and a control letter, at <paramref name="start"/>, and nothing alphanumeric glued after.</summary>
    private static bool IsBody(string text, int start)
    {
        int end = start;
        while (end < text.Length && end - start < 9 && Chars.IsDigit(text[end])) end++;
        if (end - start == 7 && end < text.Length && Chars.IsAsciiLetter(text[end])) end++;
        else if (end - start != 8) return false;
        return end >= text.Length || !Chars.IsAsciiAlnum(text[end]);
    }
}
