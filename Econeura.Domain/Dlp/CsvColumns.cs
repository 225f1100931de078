namespace Econeura.Domain.Dlp;

/// <summary>
/// Column awareness for delimited text (CSV / semicolon / tab): a bare 9-digit value that is a whole field of a row is an
/// SSN when the nearest header row above it (same delimiter count, contiguous lines) names that column "ssn" /
/// "social security (number)". Results are cached per scan, so a large export is walked once (amortised linear).
/// </summary>
internal static class CsvColumns
{
    private const int MaxLinesBack = 4096;

    public static bool IsSsnField(ScanContext context, int start, int end)
    {
        string text = context.Text;
        char before = start > 0 ? text[start - 1] : '\n';
        char after = end < text.Length ? text[end] : '\n';
        char delimiter;
        if (before is ',' or ';' or '\t') delimiter = before;
        else if (before is '\n' or '\r' && after is ',' or ';' or '\t') delimiter = after;
        else return false;
        if (after != delimiter && after is not ('\n' or '\r')) return false;

        int lineStart = start;
        while (lineStart > 0 && text[lineStart - 1] != '\n') lineStart--;
        int lineEnd = end;
        while (lineEnd < text.Length && text[lineEnd] is not ('\n' or '\r')) lineEnd++;
        // The row is read twice (to find its bounds, then to count its fields): a long row of many such values costs
        // its length once per value, which the budget counts.
        context.Spend(2 * (lineEnd - lineStart));
        int column = Count(text, lineStart, start, delimiter);
        int columns = Count(text, lineStart, lineEnd, delimiter);
        if (columns < 1 || column < 0) return false;

        ref var cache = ref context.Csv;
        int ssnColumn = -1;
        int line = lineStart;
        for (int linesBack = 0; ; linesBack++)
        {
            if (cache.Valid && line == cache.LineStart && cache.Delimiter == delimiter && cache.Columns == columns) { ssnColumn = cache.SsnColumn; break; }
            if (line == 0 || linesBack >= MaxLinesBack) break;
            int newline = line - 1; // the '\n' ending the previous line
            int previousStart = newline;
            while (previousStart > 0 && text[previousStart - 1] != '\n') previousStart--;
            int previousEnd = newline > previousStart && text[newline - 1] == '\r' ? newline - 1 : newline;
            context.Spend(2 * (newline - previousStart) + 1);
            if (Count(text, previousStart, previousEnd, delimiter) != columns) break;
            int header = SsnHeaderIndex(text, previousStart, previousEnd, delimiter);
            if (header >= 0) { ssnColumn = header; break; }
            line = previousStart;
        }
        cache = new CsvCache { Valid = true, LineStart = lineStart, Delimiter = delimiter, Columns = columns, SsnColumn = ssnColumn };
        return ssnColumn >= 0 && column == ssnColumn;
    }

    /// <summary>Delimiters in [from, to) outside double quotes; -1 for an unbalanced quote.</summary>
    private static int Count(string text, int from, int to, char delimiter)
    {
        int count = 0;
        bool quoted = false;
        for (int i = from; i < to; i++)
        {
            char character = text[i];
            if (character == '"') quoted = !quoted;
            else if (character == delimiter && !quoted) count++;
        }
        return quoted ? -1 : count;
    }

    /// <summary>Index of the field of the line [from, to) that names an SSN column, or -1.</summary>
    private static int SsnHeaderIndex(string text, int from, int to, char delimiter)
    {
        Span<char> name = stackalloc char[32];
        int field = 0, len = 0;
        bool quoted = false, tooLong = false;
        for (int i = from; i <= to; i++)
        {
            char character = i < to ? text[i] : delimiter;
            if (character == '"') { quoted = !quoted; continue; }
            if (character == delimiter && !quoted)
            {
                if (!tooLong && IsSsnName(name[..len])) return field;
                field++;
                len = 0;
                tooLong = false;
                continue;
            }
            if (Chars.IsDigit(character)) tooLong = true; // a header name, not a value
            else if (char.IsLetter(character))
            {
                if (len == name.Length) tooLong = true;
                else name[len++] = char.ToLowerInvariant(character);
            }
        }
        return -1;
    }

    private static bool IsSsnName(ReadOnlySpan<char> name) =>
        name is "ssn" or "ssns" or "ssnumber" or "ssnno" or "ssnnumber" or "usssn" or "socialsecurity" or "socialsecurityno"
            or "socialsecuritynumber" or "socialsecuritynum" or "socialsecurityid"
        || (name.Length <= 16 && name.EndsWith("ssn")); // "employee_ssn", "customerSSN"
}
