namespace Econeura.Domain.Dlp;

/// <summary>
/// US SSN: "AAA-GG-SSSS" / "AAA GG SSSS" (SSA rules: no 000/666/9xx area, no 00 group, no 0000 serial); a bare 9-digit
/// number only after "SSN" / "social security", or as a whole field of a delimited column named like an SSN
/// (<see cref="CsvColumns"/>). A spaced one is dropped after a reference word.
/// </summary>
internal static class SsnDetector
{
    public static int TryAt(in DigitRun run, int first)
    {
        var groups = run.Groups;
        var area = groups[first];
        if (area.Length == 3 && first + 2 < groups.Length) return TryGrouped(in run, first);
        if (area.Length == 9 && (first + 1 >= groups.Length || groups[first + 1].Separator == ' ') && run.EndsCleanly(area.End)
            && (run.Context.ContextBefore(area.Start) == ContextKind.Ssn
                || (first == 0 && groups.Length == 1 && CsvColumns.IsSsnField(run.Context, area.Start, area.End))))
        {
            if (!Checksums.IsValidSsn(run.ValueOf(area.Start, 3), run.ValueOf(area.Start + 3, 2), run.ValueOf(area.Start + 5, 4))) return -1;
            run.Report(EntityType.US_SSN, area.Start, area.End, Scores.SsnNineDigitsInContext);
            return first + 1;
        }
        return -1;
    }

    private static int TryGrouped(in DigitRun run, int first)
    {
        var groups = run.Groups;
        var area = groups[first];
        var group = groups[first + 1];
        var serial = groups[first + 2];
        if (group.Length != 2 || serial.Length != 4 || group.Separator is not ('-' or ' ') || serial.Separator != group.Separator) return -1;
        if (first + 3 < groups.Length && groups[first + 3].Separator == group.Separator) return -1;
        if (!run.EndsCleanly(serial.End)) return -1;
        if (!Checksums.IsValidSsn(run.ValueOf(area), run.ValueOf(group), run.ValueOf(serial))) return -1;
        var context = run.Context.ContextBefore(area.Start);
        if (context == ContextKind.Reference && group.Separator == ' ') return -1;
        double score = context == ContextKind.Ssn ? Scores.SsnAfterKeyword : group.Separator == '-' ? Scores.SsnDashed : Scores.SsnSpaced;
        run.Report(EntityType.US_SSN, area.Start, serial.End, score);
        return first + 3;
    }
}
