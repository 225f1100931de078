namespace Econeura.Domain.Dlp;

/// <summary>
/// Passwords passed on a command line or in a server directive: "sshpass -p 'S3cret'", "mysql -u root -pS3cret",
/// "redis-server --requirepass S3cret" (and "requirepass …" / "masterauth …" in redis.conf), "redis-cli -a S3cret",
/// "sqlcmd -S db -U sa -P S3cret", "curl -u admin:S3cret". "--password=…" and "PGPASSWORD=…" are <see cref="KeyValueDetector"/>'s.
/// </summary>
internal static class CommandLinePasswordDetector
{
    private const int MaxCommandLength = 300;

    /// <summary>"requirepass S3cret", "masterauth S3cret", "--requirepass 'S3cret'".</summary>
    public static int AfterDirective(ScanContext context, int directiveEnd) =>
        ReportArgument(context, Words.SkipBlanks(context.Text, directiveEnd), directiveEnd);

    /// <summary>"sshpass -p S3cret ssh …", "sshpass -p'S3cret'", "sshpass -pS3cret".</summary>
    public static int AfterSshpass(ScanContext context, int commandEnd)
    {
        string text = context.Text;
        int at = Words.SkipBlanks(text, commandEnd);
        if (!text.AsSpan(at).StartsWith("-p", StringComparison.Ordinal)) return commandEnd;
        at += 2;
        return ReportArgument(context, Words.SkipBlanks(text, at), commandEnd);
    }

    /// <summary>"mysql -u root -pS3cret db", "mysqldump -p'S3cret' …": the value glued to -p ("-p" alone asks for it).</summary>
    public static int AfterMysql(ScanContext context, int commandEnd)
    {
        string text = context.Text;
        int lineEnd = Words.LineEnd(text, commandEnd, MaxCommandLength);
        int flag = FindFlag(text, commandEnd, lineEnd, "-p");
        if (flag < 0) return lineEnd; // the rest of the line has been read
        if (flag + 2 >= lineEnd || char.IsWhiteSpace(text[flag + 2])) return flag + 2;
        return ReportArgument(context, flag + 2, flag + 2);
    }

    /// <summary>"redis-cli -h cache -a S3cret", "redis-cli --pass S3cret".</summary>
    public static int AfterRedisCli(ScanContext context, int commandEnd)
    {
        string text = context.Text;
        int lineEnd = Words.LineEnd(text, commandEnd, MaxCommandLength);
        return FindFlag(text, commandEnd, lineEnd, "-a") >= 0
            ? AfterSpacedFlag(context, commandEnd, lineEnd, "-a")
            : AfterSpacedFlag(context, commandEnd, lineEnd, "--pass");
    }

    /// <summary>"sqlcmd -S db -U sa -P 'S3cret'" (SQL Server's -P is the password, -p prints statistics).</summary>
    public static int AfterSqlcmd(ScanContext context, int commandEnd)
    {
        string text = context.Text;
        return AfterSpacedFlag(context, commandEnd, Words.LineEnd(text, commandEnd, MaxCommandLength), "-P");
    }

    /// <summary>The argument after "<paramref name="flag"/> " on the rest of the line.</summary>
    private static int AfterSpacedFlag(ScanContext context, int commandEnd, int lineEnd, string flag)
    {
        string text = context.Text;
        int at = FindFlag(text, commandEnd, lineEnd, flag);
        if (at < 0) return lineEnd; // the rest of the line has been read
        int valueAt = at + flag.Length;
        if (valueAt >= lineEnd || text[valueAt] != ' ') return valueAt;
        return ReportArgument(context, Words.SkipBlanks(text, valueAt), valueAt);
    }

    /// <summary>
    /// At a ':' inside "curl -u admin:S3cret" / "--user admin:S3cret": reports the password; -1 when the colon is not in
    /// such an argument.
    /// </summary>
    public static int AtUserColonPassword(ScanContext context, int colon)
    {
        string text = context.Text;
        int userStart = colon;
        while (userStart > 0 && colon - userStart < 64
               && (Chars.IsAsciiAlnum(text[userStart - 1]) || text[userStart - 1] is '.' or '_' or '-' or '@'))
            userStart--;
        if (userStart == colon) return -1;
        int flagEnd = userStart;
        if (flagEnd > 0 && text[flagEnd - 1] is '"' or '\'') flagEnd--;
        if (flagEnd == 0 || text[flagEnd - 1] != ' ') return -1;
        flagEnd--;
        bool isUserFlag = EndsWithFlag(text, flagEnd, "-u") || EndsWithFlag(text, flagEnd, "--user");
        if (!isUserFlag) return -1;
        int end = colon + 1;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('"' or '\'')) end++;
        var password = text.AsSpan(colon + 1, end - colon - 1);
        if (!PasswordValue.LooksLikeArgument(password, quoted: false)) return end;
        context.Add(EntityType.SECRET, colon + 1, end - colon - 1, Scores.LabelledPassword);
        return end;
    }

    private static int ReportArgument(ScanContext context, int at, int fallback)
    {
        if (!PasswordValue.TryRead(context.Text, at, out int start, out int end, out bool quoted)) return fallback;
        if (!PasswordValue.LooksLikeArgument(context.Text.AsSpan(start, end - start), quoted)) return end;
        context.Add(EntityType.SECRET, start, end - start, Scores.LabelledPassword);
        return end;
    }

    /// <summary>The first " -x" flag (a blank before it) in [from, to), or -1.</summary>
    private static int FindFlag(string text, int from, int to, string flag)
    {
        for (int i = from; i + flag.Length <= to; i++)
        {
            i = text.IndexOf(flag, i, to - i, StringComparison.Ordinal);
            if (i < 0) return -1;
            if (i > 0 && text[i - 1] is ' ' or '\t') return i;
        }
        return -1;
    }

    private static bool EndsWithFlag(string text, int end, string flag) =>
        end >= flag.Length && text.AsSpan(end - flag.Length, flag.Length).SequenceEqual(flag)
        && (end == flag.Length || text[end - flag.Length - 1] is ' ' or '\t');
}
