namespace Econeura.Domain.Dlp;

/// <summary>
/// IPv4: four dot-separated numbers 0-255 without leading zeros, not followed by a fifth ("1.3.6.1.4"), with any
/// punctuation around ("(..)", "[..]", "http://IP/", "\\IP\share"); a port or CIDR suffix stays outside the span. Loopback
/// and 0.0.0.0 are reported. Not right after a version word ("version 1.8.11.61", "firmware v 10.0.0.1").
/// </summary>
internal static class Ipv4Detector
{
    public static int TryAt(in DigitRun run, int first)
    {
        var groups = run.Groups;
        if (first + 3 >= groups.Length) return -1;
        for (int j = first; j <= first + 3; j++)
        {
            var group = groups[j];
            if (j > first && group.Separator != '.') return -1;
            if (group.Length is < 1 or > 3) return -1;
            if (group.Length > 1 && run.Text[group.Start] == '0') return -1;
            if (run.ValueOf(group) > 255) return -1;
        }
        if (first + 4 < groups.Length && groups[first + 4].Separator == '.') return -1;
        int end = groups[first + 3].End;
        if (!run.EndsCleanly(end, allowSlashDigit: true)) return -1;
        int start = groups[first].Start;
        if (KeywordContext.VersionWordRightBefore(run.Text, start)) return -1;
        run.Report(EntityType.IP_ADDRESS, start, end, Scores.IpAddress);
        return first + 4;
    }
}
