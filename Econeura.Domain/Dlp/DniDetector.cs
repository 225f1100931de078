namespace Econeura.Domain.Dlp;

/// <summary>
/// Spanish DNI: 8 digits and the control letter (digits mod 23): "12345678Z", "12345678z", "12345678-Z", "12.345.678-Z",
/// "12 345 678 Z", "12345678 Z" (upper case after a space), "1234 5678 Z", "1234.5678-Z". A 7-digit number is read with a
/// leading zero ("1.234.567-L").
/// </summary>
internal static class DniDetector
{
    public static int TryAt(in DigitRun run, int first)
    {
        var groups = run.Groups;
        var group = groups[first];
        Span<char> digits = stackalloc char[8];
        if (group.Length == 8)
        {
            int letter = run.ControlLetterAfter(group.End);
            if (letter < 0) return -1;
            run.Text.AsSpan(group.Start, 8).CopyTo(digits);
            if (letter > group.End && run.Text[letter - 1] == ' ' && !char.IsAsciiLetterUpper(run.Text[letter])) return -1;
            if (!Checksums.IsValidDni(digits, run.Text[letter])) return -1;
            run.Report(EntityType.ES_DNI, group.Start, letter + 1, Scores.SpanishPersonalId);
            return first + 1;
        }
        if (IsTwoGroupsOfFour(groups, first))
        {
            run.Text.AsSpan(group.Start, 4).CopyTo(digits);
            run.Text.AsSpan(groups[first + 1].Start, 4).CopyTo(digits[4..]);
            int letter = run.ControlLetterAfter(groups[first + 1].End);
            if (letter < 0 || !Checksums.IsValidDni(digits, run.Text[letter])) return -1;
            run.Report(EntityType.ES_DNI, group.Start, letter + 1, Scores.SpanishPersonalId);
            return first + 2;
        }
        if (!IsThousandsGrouped(groups, first)) return -1;
        int filled = 0;
        if (group.Length == 1) digits[filled++] = '0';
        run.Text.AsSpan(group.Start, group.Length).CopyTo(digits[filled..]);
        filled += group.Length;
        run.Text.AsSpan(groups[first + 1].Start, 3).CopyTo(digits[filled..]);
        run.Text.AsSpan(groups[first + 2].Start, 3).CopyTo(digits[(filled + 3)..]);
        int control = run.ControlLetterAfter(groups[first + 2].End);
        if (control < 0 || !Checksums.IsValidDni(digits, run.Text[control])) return -1;
        run.Report(EntityType.ES_DNI, group.Start, control + 1, Scores.SpanishPersonalId);
        return first + 3;
    }

    /// <summary>"1234 5678", "1234.5678" or "1234-5678".</summary>
    private static bool IsTwoGroupsOfFour(ReadOnlySpan<DigitGroup> groups, int first) =>
        groups[first].Length == 4 && first + 1 < groups.Length && groups[first + 1].Length == 4 && groups[first + 1].Separator is ' ' or '.' or '-';

    /// <summary>"12.345.678" or "12 345 678": 1-2 digits, then exactly two groups of 3 with the same separator.</summary>
    private static bool IsThousandsGrouped(ReadOnlySpan<DigitGroup> groups, int first)
    {
        if (groups[first].Length is not (1 or 2) || first + 2 >= groups.Length) return false;
        char separator = groups[first + 1].Separator;
        return separator is '.' or ' ' && groups[first + 2].Separator == separator && groups[first + 1].Length == 3 && groups[first + 2].Length == 3
            && (first + 3 >= groups.Length || groups[first + 3].Separator != separator);
    }
}
