namespace Econeura.Domain.Dlp;

/// <summary>
/// Spanish NIE: X/Y/Z, 7 digits and the control letter: "X1234567L", "x1234567l" (lower case only when compact),
/// "X-1234567-L", "X 1234567 L".
/// </summary>
internal static class NieDetector
{
    public static bool TryLeadLetter(in DigitRun run)
    {
        if (run.Lead is not ('X' or 'Y' or 'Z' or 'x' or 'y' or 'z')) return false;
        var group = run.Groups[0];
        if (group.Length != 7) return false;
        int letter = run.ControlLetterAfter(group.End);
        if (letter < 0) return false;
        if (char.IsAsciiLetterLower(run.Lead) && letter != group.End) return false; // "x1234567 l" is not written
        if (!Checksums.IsValidNie(run.Lead, run.Text.AsSpan(group.Start, 7), run.Text[letter])) return false;
        run.Report(EntityType.ES_NIE, run.LeadStart, letter + 1, Scores.SpanishPersonalId);
        return true;
    }

    /// <summary>A NIE printed with spaces, "X 1234567 L": the letter two characters before the digits at <paramref name="digitsStart"/>.</summary>
    public static bool IsDetachedLead(string text, int digitsStart)
    {
        if (digitsStart < 2 || text[digitsStart - 2] is not ('X' or 'Y' or 'Z')) return false;
        if (digitsStart > 2 && Chars.IsWordChar(text[digitsStart - 3])) return false;
        int end = digitsStart;
        while (end < text.Length && Chars.IsDigit(text[end])) end++;
        return end - digitsStart == 7 && end + 1 < text.Length && text[end] is ' ' or '-' && char.IsAsciiLetterUpper(text[end + 1]);
    }
}
