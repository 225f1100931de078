namespace Econeura.Domain.Dlp;

/// <summary>
/// Phones. libphonenumber is called only on candidates of a known shape (<see cref="PhoneRule"/>): international ("+" or
/// "00"), Spanish 9 digits in any grouping, NANP 3-3-4, and 0-trunk European national numbers with separators. The words
/// before the number decide the rest (<see cref="KeywordContext.Before"/>): a reference word drops a national number, a
/// phone word raises the score. The longest valid reading from the first group wins.
/// </summary>
internal static class PhoneDetector
{
    private const int MaxDigitsWithTrunk = 17;
    private const int MinDigits = 7;

    public static int TryAt(in DigitRun run, int first)
    {
        var groups = run.Groups;
        string text = run.Text;
        var firstGroup = groups[first];
        if (firstGroup.Length > 15) return -1;
        bool international = first == 0 && run.AfterPlus;
        int internationalPrefix = 0;
        if (!international && firstGroup.Length >= 4 && text[firstGroup.Start] == '0' && text[firstGroup.Start + 1] == '0')
        {
            international = true;
            internationalPrefix = 2; // "0034 612 345 678"
        }

        int lastGroup = first;
        int totalDigits = firstGroup.Length;
        for (int j = first + 1; j < groups.Length; j++)
        {
            if (groups[j].Separator is not (' ' or '-' or '.' or DigitGroup.Parenthesis)) break;
            if (totalDigits + groups[j].Length > MaxDigitsWithTrunk) break;
            totalDigits += groups[j].Length;
            lastGroup = j;
        }
        if (totalDigits - internationalPrefix < MinDigits) return -1;

        int spanStart = SpanStart(in run, first);
        var context = run.Context.ContextBefore(spanStart);
        if (!international && context is ContextKind.Reference or ContextKind.Ssn or ContextKind.Version or ContextKind.Amount) return -1;

        Span<char> buffer = stackalloc char[24];
        for (int last = lastGroup; last >= first; last--)
        {
            int end = groups[last].End;
            bool slashList = end < text.Length && text[end] == '/' && last + 1 < groups.Length && groups[last + 1].Length >= 9 && groups[last].Length >= 9;
            if ((!run.EndsCleanly(end) && !slashList) || KeywordContext.CurrencyAfter(text, end)) continue;
            int digitCount = 0;
            for (int m = first; m <= last; m++)
            {
                text.AsSpan(groups[m].Start, groups[m].Length).CopyTo(buffer[digitCount..]);
                digitCount += groups[m].Length;
            }
            if (!international && IsOtherNumberShape(groups, first, last)) continue;
            if (!TryValidate(in run, buffer[internationalPrefix..digitCount], first, last, international, context, out double score)) continue;
            if (context == ContextKind.PhonePositive) score = Math.Min(Scores.PhoneCeiling, score + Scores.PhoneWordBonus);
            else if (context == ContextKind.Reference) score = Math.Max(Scores.PhoneFloor, score - Scores.ReferenceWordPenalty);
            run.Report(EntityType.PHONE, spanStart, end, score);
            return last + 1;
        }
        return -1;
    }

    /// <summary>"+34 …" starts at the '+', "(+34) …" at the parenthesis; "(415) 555-2671" at the parenthesis, "(612 345 678)" does not.</summary>
    private static int SpanStart(in DigitRun run, int first)
    {
        var groups = run.Groups;
        int start = groups[first].Start;
        if (first != 0) return start;
        bool parenthesisFollows = groups.Length > 1 && groups[1].Separator == DigitGroup.Parenthesis;
        if (run.AfterPlus) return start >= 2 && run.Text[start - 2] == '(' && parenthesisFollows ? start - 2 : start - 1;
        if (run.AfterParenthesis && parenthesisFollows) return start - 1;
        return start;
    }

    /// <summary>An SSN "123 45 6789" or a US EIN "70-1578570" is never a phone.</summary>
    private static bool IsOtherNumberShape(ReadOnlySpan<DigitGroup> groups, int first, int last)
    {
        int groupCount = last - first + 1;
        if (groupCount == 3 && groups[first].Length == 3 && groups[first + 1].Length == 2 && groups[first + 2].Length == 4) return true;
        return groupCount == 2 && groups[first].Length == 2 && groups[first + 1].Length == 7 && groups[first + 1].Separator == '-';
    }

    private static bool TryValidate(in DigitRun run, ReadOnlySpan<char> digits, int first, int last, bool international, ContextKind context, out double score)
    {
        var groups = run.Groups;
        var ctx = run.Context;
        bool grouped = last > first;
        if (international)
        {
            score = Scores.InternationalPhone;
            return digits.Length is >= 7 and <= 15 && (PhoneValidator.IsUkDramaRange(digits, 2) || ctx.PhoneVerdict(PhoneRule.International, digits));
        }
        if (digits.Length == 9 && digits[0] is '6' or '7' or '8' or '9' && !IsNanpShape(groups, first, last))
        {
            score = grouped ? Scores.GroupedSpanishPhone : Scores.BareSpanishPhone;
            // Spanish mobiles 6xx xxx xxx / 7[1-4]x xxx xxx are always valid numbers
            return digits[0] == '6' || (digits[0] == '7' && digits[1] is >= '1' and <= '4') || ctx.PhoneVerdict(PhoneRule.Spain, digits);
        }
        if ((digits.Length == 10 && digits[0] != '0' && digits[0] != '1' && (IsNanpShape(groups, first, last) || context == ContextKind.PhonePositive))
            || (digits.Length == 11 && digits[0] == '1' && IsNanpShape(groups, first + 1, last) && groups[first].Length == 1))
        {
            score = Scores.NanpPhone;
            return ctx.PhoneVerdict(PhoneRule.Nanp, digits);
        }
        score = Scores.EuropeanNationalPhone;
        if (digits.Length is 10 or 11 && digits[0] == '0' && digits[1] != '0' && grouped)
            return PhoneValidator.IsUkDramaRange(digits, 0) || ctx.PhoneVerdict(PhoneRule.EuropeTrunk, digits);
        // German/Italian area code + short subscriber number: "030 901820", "089 1234567"
        if (digits.Length == 9 && digits[0] == '0' && digits[1] != '0' && grouped && groups[first].Length is >= 3 and <= 5)
            return ctx.PhoneVerdict(PhoneRule.DeItShort, digits);
        return false;
    }

    private static bool IsNanpShape(ReadOnlySpan<DigitGroup> groups, int first, int last) =>
        last - first == 2 && groups[first].Length == 3 && groups[first + 1].Length == 3 && groups[first + 2].Length == 4;
}
