namespace Econeura.Domain.Dlp;

/// <summary>
/// Handles every digit anchor: reads the word the digit sits in and what stands left of it, parses the run of digit groups
/// (separated by space, '-', '.', '/' or parentheses) and lets <see cref="DigitRun"/> ask each entity detector at each
/// group. A word that starts with letters is an IBAN (<see cref="IbanDetector"/>), a NIE/CIF lead letter, or skipped.
/// Allocation-free except for phone candidates that reach libphonenumber.
/// </summary>
internal static class NumericDetector
{
    private const int MaxGroups = 12;
    private const int MaxDigits = 40;

    /// <summary>Processes the digit at <paramref name="anchor"/>; returns the index to resume scanning from.</summary>
    public static int Process(ScanContext context, int anchor)
    {
        string text = context.Text;
        int wordStart = anchor;
        while (wordStart > 0 && Chars.IsAsciiAlnum(text[wordStart - 1])) wordStart--;

        char lead = '\0';
        int leadStart = -1;
        int firstDigit = wordStart;
        if (!Chars.IsDigit(text[wordStart]))
        {
            if (IbanDetector.TryConsume(context, wordStart, out int afterIban)) return afterIban;
            if (SpanishVatNumber.TryConsume(context, wordStart, out int afterVatNumber)) return afterVatNumber;
            firstDigit = wordStart;
            while (firstDigit < text.Length && !Chars.IsDigit(text[firstDigit])) firstDigit++;
            if (firstDigit != wordStart + 1 || !IsLeadLetter(text, wordStart)) return SkipWord(text, anchor);
            lead = text[wordStart];
            leadStart = wordStart;
        }

        var left = DigitRun.LeftEdge.Free;
        bool afterPlus = false, afterParenthesis = false;
        if (lead == '\0' && wordStart > 0)
            left = ReadLeftEdge(text, wordStart, ref lead, ref leadStart, out afterPlus, out afterParenthesis);

        Span<DigitGroup> groups = stackalloc DigitGroup[MaxGroups];
        int count = ParseGroups(text, firstDigit, groups, out int runEnd);
        var run = new DigitRun(context, groups[..count], left, afterPlus, afterParenthesis, lead, leadStart);
        int group = 0;
        while (group < count)
        {
            int next = run.TryAt(group);
            group = next > group ? next : group + 1;
        }

        context.Tick();
        // Do not re-anchor inside a word glued to the run (e.g. "123abc", "12345678Z").
        return SkipWord(text, runEnd);
    }

    /// <summary>
    /// A single letter glued to the digits may start a NIE or CIF ("X1234567L", "x1234567l", "B12345674"), but not when the
    /// word is itself glued to a code ("SKU-A58818501", "id_B12345674"); a VAT country prefix is no code ("ES-B12345674").
    /// </summary>
    private static bool IsLeadLetter(string text, int wordStart)
    {
        bool gluedToCode = wordStart > 1 && text[wordStart - 1] is '-' or '_' or '/' or '\\' or '.' && Chars.IsWordChar(text[wordStart - 2])
            && !SpanishVatNumber.IsCountryPrefixBefore(text, wordStart);
        char letter = text[wordStart];
        return !gluedToCode && (char.IsAsciiLetterUpper(letter) || letter is 'x' or 'y' or 'z');
    }

    /// <summary>Classifies the characters just before a run that starts with a digit; may find a detached NIE/CIF letter.</summary>
    private static DigitRun.LeftEdge ReadLeftEdge(string text, int wordStart, ref char lead, ref int leadStart, out bool afterPlus, out bool afterParenthesis)
    {
        afterPlus = false;
        afterParenthesis = false;
        char before = text[wordStart - 1];
        char twoBefore = wordStart > 1 ? text[wordStart - 2] : ' ';
        char threeBefore = wordStart > 2 ? text[wordStart - 3] : ' ';
        switch (before)
        {
            case '.':
                return Chars.IsAsciiAlnum(twoBefore) ? DigitRun.LeftEdge.Glued : DigitRun.LeftEdge.Free;
            case ',':
                // "1,234.56" / "12,50": a thousands or decimal comma glues the digits to the number before it. In a
                // CSV row (",646-309-0138,622-31-8749,") the comma is a field separator and the value stands alone.
                return Chars.IsDigit(twoBefore) && IsNumericComma(text, wordStart - 1) ? DigitRun.LeftEdge.Glued : DigitRun.LeftEdge.Free;
            case '-':
                if (char.IsAsciiLetterUpper(twoBefore) && !Chars.IsWordChar(threeBefore) && wordStart > 1)
                {
                    lead = twoBefore;
                    leadStart = wordStart - 2;
                    return DigitRun.LeftEdge.Free;
                }
                return Chars.IsWordChar(twoBefore) || twoBefore == '-' || twoBefore == '.' ? DigitRun.LeftEdge.Glued : DigitRun.LeftEdge.Free;
            case ' ':
                if (NieDetector.IsDetachedLead(text, wordStart) || CifDetector.IsDetachedLead(text, wordStart))
                {
                    lead = twoBefore;
                    leadStart = wordStart - 2;
                }
                return DigitRun.LeftEdge.Free;
            case '/' or '\\' or '@':
                // "http://10.0.0.1/", "\\\\10.0.0.5\\share": an address may follow a path separator, nothing else may
                return DigitRun.LeftEdge.AddressOnly;
            case '_' or '%' or '&':
                return DigitRun.LeftEdge.Glued;
            case '$' or '€' or '£':
                return DigitRun.LeftEdge.Amount;
            case '+':
                if (Chars.IsAsciiAlnum(twoBefore)) return DigitRun.LeftEdge.Glued;
                afterPlus = true;
                return DigitRun.LeftEdge.Free;
            case '(':
                afterParenthesis = true;
                return DigitRun.LeftEdge.Free;
            default:
                return DigitRun.LeftEdge.Free;
        }
    }

    /// <summary>Reads digit groups from <paramref name="firstDigit"/>; returns how many, and where the run ends.</summary>
    private static int ParseGroups(string text, int firstDigit, Span<DigitGroup> groups, out int runEnd)
    {
        int count = 0;
        int i = firstDigit;
        char separator = DigitGroup.NoSeparator;
        int totalDigits = 0;
        while (true)
        {
            int groupStart = i;
            while (i < text.Length && Chars.IsDigit(text[i])) i++;
            groups[count++] = new DigitGroup { Start = groupStart, Length = i - groupStart, Separator = separator };
            totalDigits += i - groupStart;
            if (count == groups.Length || totalDigits > MaxDigits || i >= text.Length) break;
            char character = text[i];
            if (character is ' ' or '-' or '.' or '/')
            {
                if (i + 1 < text.Length && Chars.IsDigit(text[i + 1])) { separator = character; i++; continue; }
                if (character == ' ' && i + 2 < text.Length && text[i + 1] == '(' && Chars.IsDigit(text[i + 2]))
                {
                    separator = DigitGroup.Parenthesis;
                    i += 2;
                    continue;
                }
                break;
            }
            if (character == ')')
            {
                int j = i + 1;
                if (j < text.Length && (text[j] == ' ' || text[j] == '-')) j++;
                if (j < text.Length && Chars.IsDigit(text[j])) { separator = DigitGroup.Parenthesis; i = j; continue; }
                break;
            }
            if (character == '(' && i + 1 < text.Length && Chars.IsDigit(text[i + 1])) { separator = DigitGroup.Parenthesis; i++; continue; }
            break;
        }
        runEnd = i;
        return count;
    }

    /// <summary>
    /// True when the comma at <paramref name="comma"/> (digits on both sides, no space) is part of a number: a decimal comma
    /// ("12,50", "1234,5"; not when another field follows: ",612345678,1,") or a thousands separator ("1,234.56",
    /// "12,345,678": 1-3 digits before, exactly 3 after, not followed by '-' or '/'). Otherwise it separates two fields
    /// (CSV "44075,2023-08-09", "8392,279471102").
    /// </summary>
    internal static bool IsNumericComma(string text, int comma)
    {
        int digitsStart = comma;
        while (digitsStart > 0 && comma - digitsStart < 4 && Chars.IsDigit(text[digitsStart - 1])) digitsStart--;
        int digitsBefore = comma - digitsStart;
        int digitsEnd = comma + 1;
        while (digitsEnd < text.Length && digitsEnd - comma <= 4 && Chars.IsDigit(text[digitsEnd])) digitsEnd++;
        int digitsAfter = digitsEnd - comma - 1;
        if (digitsAfter <= 2) return !(digitsEnd < text.Length && text[digitsEnd] is ',' or ';'); // "612,50" but not a CSV field ",612345678,1,".
        if (digitsAfter != 3 || digitsBefore > 3) return false;
        return !(digitsEnd < text.Length && text[digitsEnd] is '-' or '/');
    }

    internal static int SkipWord(string text, int i)
    {
        while (i < text.Length && Chars.IsAsciiAlnum(text[i])) i++;
        return i;
    }
}
