namespace Econeura.Domain.Dlp;

/// <summary>
/// Phones. libphonenumber is called only on candidates of a known shape (<see cref="PhoneRule"/>): international ("+" or
/// "00", a "(0)" trunk after the country code is dropped), Spanish 9 digits in any grouping, NANP 3-3-4, and the national
/// formats of PT, FR, DE, IT, GB, NL and BE. A national number written in one piece that is not Spanish needs a phone word
/// before it, except a UK mobile. The words before the number decide the rest (<see cref="KeywordContext.Before"/>): a
/// reference or device word drops a national number, a phone word raises the score. The longest valid reading wins.
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
            char separator = groups[j].Separator;
            bool areaCodeSlash = separator == '/' && j == first + 1 && !international && IsAreaCode(text, firstGroup); // "030/12345678"
            if (separator is not (' ' or '-' or '.' or DigitGroup.Parenthesis) && !areaCodeSlash) break;
            if (totalDigits + groups[j].Length > MaxDigitsWithTrunk) break;
            totalDigits += groups[j].Length;
            lastGroup = j;
        }
        if (totalDigits - internationalPrefix < MinDigits) return -1;

        int spanStart = SpanStart(in run, first);
        var context = run.Context.ContextBefore(spanStart);
        if (!international && context is ContextKind.Reference or ContextKind.Ssn or ContextKind.Version or ContextKind.Amount or ContextKind.Device) return -1;

        Span<char> buffer = stackalloc char[24];
        for (int last = lastGroup; last >= first; last--)
        {
            int end = groups[last].End;
            bool slashList = end < text.Length && text[end] == '/' && last + 1 < groups.Length && groups[last + 1].Length >= 9 && groups[last].Length >= 9;
            if ((!run.EndsCleanly(end) && !slashList) || KeywordContext.CurrencyAfter(text, end)) continue;
            int digitCount = 0;
            for (int m = first; m <= last; m++)
            {
                if (m == first + 1 && international && IsTrunkInParentheses(text, groups[m])) continue;
                text.AsSpan(groups[m].Start, groups[m].Length).CopyTo(buffer[digitCount..]);
                digitCount += groups[m].Length;
            }
            if (!international && IsOtherNumberShape(groups, first, last)) continue;
            var candidate = new Candidate(run, first, last, context);
            if (!candidate.TryValidate(buffer[internationalPrefix..digitCount], international, out double score)) continue;
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

    /// <summary>A German or Italian area code: 0 and 2-4 more digits ("030", "0211", "06").</summary>
    private static bool IsAreaCode(string text, DigitGroup group) => group.Length is >= 3 and <= 5 && text[group.Start] == '0';

    /// <summary>The "(0)" of "+44 (0)20 7946 0958", "+49 (0)30 1234567": a trunk prefix that is not dialled from abroad.</summary>
    private static bool IsTrunkInParentheses(string text, DigitGroup group) =>
        group.Length == 1 && text[group.Start] == '0' && group.Separator == DigitGroup.Parenthesis;

    /// <summary>An SSN "123 45 6789" or a US EIN "70-1578570" is never a phone.</summary>
    private static bool IsOtherNumberShape(ReadOnlySpan<DigitGroup> groups, int first, int last)
    {
        int groupCount = last - first + 1;
        if (groupCount == 3 && groups[first].Length == 3 && groups[first + 1].Length == 2 && groups[first + 2].Length == 4) return true;
        return groupCount == 2 && groups[first].Length == 2 && groups[first + 1].Length == 7 && groups[first + 1].Separator == '-';
    }

    /// <summary>One reading of the groups <c>first..last</c> as a phone.</summary>
    private readonly ref struct Candidate(DigitRun run, int first, int last, ContextKind context)
    {
        private readonly DigitRun _run = run;
        private bool Grouped => last > first;
        private bool PhoneWordBefore => context == ContextKind.PhonePositive;

        public bool TryValidate(ReadOnlySpan<char> digits, bool international, out double score)
        {
            var scan = _run.Context;
            if (international)
            {
                score = Scores.InternationalPhone;
                return digits.Length is >= 7 and <= 15 && (PhoneValidator.IsUkDramaRange(digits, 2) || scan.PhoneVerdict(PhoneRule.International, digits));
            }
            bool nanpShape = IsNanpShape(first, last);
            if (digits.Length == 9 && digits[0] is '6' or '7' or '8' or '9' && !nanpShape)
            {
                score = Grouped ? Scores.GroupedSpanishPhone : Scores.BareSpanishPhone;
                // Spanish mobiles 6xx xxx xxx / 7[1-4]x xxx xxx are always valid numbers
                return digits[0] == '6' || (digits[0] == '7' && digits[1] is >= '1' and <= '4') || scan.PhoneVerdict(PhoneRule.Spain, digits);
            }
            score = Scores.NanpPhone;
            if (digits.Length == 10 && digits[0] is not ('0' or '1') && (nanpShape || PhoneWordBefore)
                && scan.PhoneVerdict(PhoneRule.Nanp, digits))
                return true;
            if (digits.Length == 11 && digits[0] == '1' && _run.Groups[first].Length == 1 && IsNanpShape(first + 1, last))
                return scan.PhoneVerdict(PhoneRule.Nanp, digits);

            score = Grouped ? Scores.EuropeanNationalPhone : Scores.BareEuropeanPhone;
            bool shapedOrNamed = Grouped || PhoneWordBefore;
            if (digits[0] == '0')
            {
                if (digits[1] == '0') return false;
                if (digits.Length == 11 && digits[1] == '7' && (PhoneValidator.IsUkDramaRange(digits, 0) || scan.PhoneVerdict(PhoneRule.UkMobile, digits)))
                    return true;
                if (digits.Length is >= 10 and <= 12 && shapedOrNamed) return scan.PhoneVerdict(PhoneRule.EuropeTrunk, digits);
                // an area code and a short subscriber number: "030 901820", "089 1234567", "02 123 45 67"
                if (digits.Length == 9 && Grouped && _run.Groups[first].Length is >= 2 and <= 5) return scan.PhoneVerdict(PhoneRule.EuropeShortTrunk, digits);
                return false;
            }
            // the first group is the area code ("21 342 1234", "214 973 589") or the mobile prefix ("347 123 4567", "333 1234567");
            // "214.973.589" is a Spanish thousands grouping, not a Portuguese phone
            int firstGroupLength = _run.Groups[first].Length;
            if (digits.Length == 9 && digits[0] == '2' && (Grouped ? firstGroupLength is 2 or 3 && !DotsOnly() : PhoneWordBefore))
                return scan.PhoneVerdict(PhoneRule.Portugal, digits);
            if (digits.Length == 10 && digits[0] == '3' && (Grouped ? firstGroupLength == 3 : PhoneWordBefore))
                return scan.PhoneVerdict(PhoneRule.ItalyMobile, digits);
            return false;
        }

        private bool DotsOnly()
        {
            for (int m = first + 1; m <= last; m++)
                if (_run.Groups[m].Separator != '.') return false;
            return true;
        }

        private bool IsNanpShape(int from, int to)
        {
            var groups = _run.Groups;
            return to - from == 2 && groups[from].Length == 3 && groups[from + 1].Length == 3 && groups[from + 2].Length == 4;
        }
    }
}
