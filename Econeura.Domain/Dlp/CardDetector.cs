namespace Econeura.Domain.Dlp;

/// <summary>
/// Payment cards: 13-19 digits, compact or in groups (first group of 4, then groups of 4-6, one separator kind), that
/// belong to a known brand and length (<see cref="Checksums.IsKnownCardBrandAndLength"/>) and pass Luhn. The longest
/// valid reading wins. An IMEI or a SIM's ICCID also passes Luhn: after a device word ("IMEI", "ICCID", "SIM") it is not a card.
/// </summary>
internal static class CardDetector
{
    private static readonly (int Min, int Max) CardLength = (13, 19);

    public static int TryAt(in DigitRun run, int first)
    {
        var groups = run.Groups;
        Span<char> digits = stackalloc char[CardLength.Max + 1];
        int digitCount = 0;
        char separator = DigitGroup.NoSeparator;
        int lastGroup = -1;
        for (int j = first; j < groups.Length; j++)
        {
            var group = groups[j];
            if (j > first)
            {
                if (group.Separator is not (' ' or '-')) break;
                if (j == first + 1) separator = group.Separator;
                else if (group.Separator != separator) break;
            }
            if (digitCount + group.Length > CardLength.Max) break;
            run.Text.AsSpan(group.Start, group.Length).CopyTo(digits[digitCount..]);
            digitCount += group.Length;
            if (digitCount < CardLength.Min) continue;
            if (IsCardGrouping(groups, first, j) && run.EndsCleanly(group.End, allowSlashDigit: true) && Checksums.IsValidCard(digits[..digitCount]))
                lastGroup = j;
        }
        if (lastGroup < 0 || run.Context.ContextBefore(groups[first].Start) == ContextKind.Device) return -1;
        run.Report(EntityType.CREDIT_CARD, groups[first].Start, groups[lastGroup].End, Scores.Card);
        return lastGroup + 1;
    }

    /// <summary>
    /// Compact, or "4111 1111 1111 1111" / Amex "3782 822463 10005": a first group of 4, inner groups of 4-6. Blocks of four
    /// with a separator left out ("41111111 1111 1111") are a card too: that is what an invisible character in place of a
    /// space leaves to scan.
    /// </summary>
    private static bool IsCardGrouping(ReadOnlySpan<DigitGroup> groups, int first, int last)
    {
        if (last == first) return true;
        bool blocksOfFour = true;
        for (int group = first; group <= last && blocksOfFour; group++) blocksOfFour = groups[group].Length % 4 == 0;
        if (blocksOfFour) return true;
        if (groups[first].Length != 4 || groups[last].Length is < 1 or > 6) return false;
        for (int inner = first + 1; inner < last; inner++)
            if (groups[inner].Length is < 4 or > 6) return false;
        return true;
    }
}
