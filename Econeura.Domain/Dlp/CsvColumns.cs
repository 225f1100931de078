namespace Econeura.Domain.Dlp;

/// <summary>
/// Column awareness for delimited text (CSV / semicolon / tab): a bare 9-digit value that is a whole field of a row is an
/// SSN when the nearest header row above it (same delimiter count, contiguous lines) names that column "ssn" /
/// "social security (number)". Results are cached per scan, so a large export is walked once (amortised linear).
/// </summary>
internal static class CsvColumns
{
    private const int MaxLinesBack = 4096;

    public static bool IsSsnField(ScanContext ctx, int start, int end)
    {
        string t = ctx.Text;
        int n = t.Length;
        char l = start > 0 ? t[start - 1] : '\n';
        char r = end < n ? t[end] : '\n';
        char delim;
        if (l is ',' or ';' or '\t') delim = l;
        else if (l is '\n' or '\r' && r is ',' or ';' or '\t') delim = r;
        else return false;
        if (r != delim && r is not ('\n' or '\r')) return false;

        int ls = start;
        while (ls > 0 && t[ls - 1] != '\n') ls--;
        int le = end;
        while (le < n && t[le] is not ('\n' or '\r')) le++;
        int col = Count(t, ls, start, delim);
        int cols = Count(t, ls, le, delim);
        if (cols < 1 || col < 0 || cols < 0) return false;

        ref var c = ref ctx.Csv;
        int ssnCol = -1;
        int p = ls;
        for (int steps = 0; ; steps++)
        {
            if (c.Valid && p == c.LineStart && c.Delim == delim && c.Cols == cols) { ssnCol = c.SsnCol; break; }
            if (p == 0 || steps >= MaxLinesBack) break;
            int pe = p - 1; // the '\n' ending the previous line
            int ps = pe;
            while (ps > 0 && t[ps - 1] != '\n') ps--;
            int pEnd = pe > ps && t[pe - 1] == '\r' ? pe - 1 : pe;
            if (Count(t, ps, pEnd, delim) != cols) break;
            int h = SsnHeaderIndex(t, ps, pEnd, delim);
            if (h >= 0) { ssnCol = h; break; }
            p = ps;
            if ((steps & 255) == 255) ctx.Tick();
        }
        c = new CsvCache { Valid = true, LineStart = ls, Delim = delim, Cols = cols, SsnCol = ssnCol };
        return ssnCol >= 0 && col == ssnCol;
    }

    /// <summary>Delimiters in [from, to) outside double quotes; -1 for an unbalanced quote.</summary>
    private static int Count(string t, int from, int to, char delim)
    {
        int count = 0;
        bool quoted = false;
        for (int i = from; i < to; i++)
        {
            char ch = t[i];
            if (ch == '"') quoted = !quoted;
            else if (ch == delim && !quoted) count++;
        }
        return quoted ? -1 : count;
    }

    /// <summary>Index of the field of the line [from, to) that names an SSN column, or -1.</summary>
    private static int SsnHeaderIndex(string t, int from, int to, char delim)
    {
        Span<char> buf = stackalloc char[32];
        int field = 0, len = 0;
        bool quoted = false, tooLong = false;
        for (int i = from; i <= to; i++)
        {
            char ch = i < to ? t[i] : delim;
            if (ch == '"') { quoted = !quoted; continue; }
            if (ch == delim && !quoted)
            {
                if (!tooLong && IsSsnName(buf[..len])) return field;
                field++;
                len = 0;
                tooLong = false;
                continue;
            }
            if (Chars.IsDigit(ch)) tooLong = true; // a header name, not a value
            else if (char.IsLetter(ch))
            {
                if (len == buf.Length) tooLong = true;
                else buf[len++] = char.ToLowerInvariant(ch);
            }
        }
        return -1;
    }

    private static bool IsSsnName(ReadOnlySpan<char> w) =>
        w is "ssn" or "ssns" or "ssnumber" or "ssnno" or "ssnnumber" or "usssn" or "socialsecurity" or "socialsecurityno"
            or "socialsecuritynumber" or "socialsecuritynum" or "socialsecurityid"
        || (w.Length <= 16 && w.EndsWith("ssn")); // "employee_ssn", "customerSSN"
}
