namespace Econeura.Domain.Dlp;

/// <summary>
/// Spanish CIF: organisation letter, 7 digits and the control digit or letter: "B12345674", "B-12345674", dotted
/// "B-12.345.674" / "B12.345.674", and "A 28509701" (single space) only after a tax-id word (<see cref="KeywordContext.TaxIdKeywordBefore"/>).
/// The checksum is always required. Not when glued to a code ("SKU-A58818501") or right after a product or order word
/// ("SKU", "Ref.", "código de artículo"). Written as a VAT number ("ESB12345674") it is <see cref="SpanishVatNumber"/>'s.
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
        if (IsDotted(groups) && run.EndsCleanly(groups[2].End))
        {
            Span<char> compact = stackalloc char[8];
            run.Text.AsSpan(group.Start, 2).CopyTo(compact);
            run.Text.AsSpan(groups[1].Start, 3).CopyTo(compact[2..]);
            run.Text.AsSpan(groups[2].Start, 3).CopyTo(compact[5..]);
            if (!Checksums.IsValidCif(run.Lead, compact[..7], compact[7])) return false;
            run.Report(EntityType.ES_CIF, run.LeadStart, groups[2].End, Scores.SpanishCompanyId);
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

    /// <summary>"12.345.674": the 8 digits in groups of 2, 3 and 3 separated by dots, and no fourth group glued on.</summary>
    private static bool IsDotted(ReadOnlySpan<DigitGroup> groups) =>
        groups.Length >= 3 && (groups.Length == 3 || groups[3].Separator == ' ')
        && groups[0].Length == 2 && groups[1].Length == 3 && groups[2].Length == 3
        && groups[1].Separator == '.' && groups[2].Separator == '.';

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
