namespace Econeura.Domain.Dlp;

/// <summary>
/// SQL account statements that carry a password after "IDENTIFIED": "CREATE USER app IDENTIFIED BY 'S3cret!'" (MySQL,
/// Oracle bare "IDENTIFIED BY tiger1"), "IDENTIFIED WITH mysql_native_password BY '…'", "IDENTIFIED BY PASSWORD '…'".
/// "WITH PASSWORD '…'" and "PASSWORD '…'" are read by <see cref="FreeTextPasswordDetector"/>, "PASSWORD = '…'" by
/// <see cref="KeyValueDetector"/>.
/// </summary>
internal static class SqlPasswordDetector
{
    private const int MaxPluginNameLength = 40;

    public static int AfterIdentified(ScanContext context, int identifiedEnd)
    {
        string text = context.Text;
        int at = SkipWhiteSpace(text, identifiedEnd);
        if (Words.IsAt(text, at, "WITH"))
        {
            at = SkipWhiteSpace(text, at + "WITH".Length);
            int pluginStart = at;
            while (at < text.Length && at - pluginStart < MaxPluginNameLength && (Chars.IsAsciiAlnum(text[at]) || text[at] is '_' or '\'' or '"')) at++;
            at = SkipWhiteSpace(text, at);
        }
        if (!Words.IsAt(text, at, "BY")) return identifiedEnd;
        at = SkipWhiteSpace(text, at + "BY".Length);
        if (Words.IsAt(text, at, "PASSWORD")) at = SkipWhiteSpace(text, at + "PASSWORD".Length);
        if (Words.IsAt(text, at, "VALUES")) return at; // Oracle's stored hash form
        if (!PasswordValue.TryRead(text, at, out int start, out int end, out bool quoted)) return identifiedEnd;
        if (!PasswordValue.LooksLikeArgument(text.AsSpan(start, end - start), quoted)) return end;
        context.Add(EntityType.SECRET, start, end - start, Scores.LabelledPassword);
        return end;
    }

    private static int SkipWhiteSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i;
    }
}
