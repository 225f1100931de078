namespace Econeura.Domain.Dlp;

/// <summary>Practical RFC 5322 subset: dot-atom local part (alnum . _ % + -), domain of LDH labels with an alphabetic TLD.</summary>
internal static class EmailDetector
{
    private static bool IsLocalChar(char c) => char.IsLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    public static int Process(ScanContext ctx, int at)
    {
        string t = ctx.Text;
        int n = t.Length;
        int ls = at;
        while (ls > 0 && at - ls < 64 && IsLocalChar(t[ls - 1])) ls--;
        if (ls > 0 && IsLocalChar(t[ls - 1])) return at + 1; // local part too long
        while (ls < at && t[ls] is '.' or '-' or '+') ls++;
        if (ls == at || t[at - 1] == '.') return at + 1;
        for (int i = ls + 1; i < at; i++) if (t[i] == '.' && t[i - 1] == '.') return at + 1;
        if (ls > 0)
        {
            char p = t[ls - 1];
            if (p == '/' || p == '\\') return at + 1;
            if (p == ':' && !(ls >= 7 && t.AsSpan(ls - 7, 6).Equals("mailto", StringComparison.OrdinalIgnoreCase))) return at + 1;
        }

        // domain labels
        int i2 = at + 1;
        int labels = 0;
        int lastLabelStart = -1, lastLabelEnd = -1;
        while (i2 < n)
        {
            int s = i2;
            if (!char.IsLetterOrDigit(t[i2])) break;
            while (i2 < n && (char.IsLetterOrDigit(t[i2]) || t[i2] == '-') && i2 - s < 64) i2++;
            int e = i2;
            while (e > s && t[e - 1] == '-') e--; // label cannot end with '-'
            if (e != i2) { i2 = e; labels++; lastLabelStart = s; lastLabelEnd = e; break; }
            labels++;
            lastLabelStart = s;
            lastLabelEnd = e;
            if (i2 + 1 < n && t[i2] == '.' && char.IsLetterOrDigit(t[i2 + 1])) { i2++; continue; }
            break;
        }
        if (labels < 2) return at + 1;
        int tldLen = lastLabelEnd - lastLabelStart;
        if (tldLen < 2) return at + 1;
        for (int i = lastLabelStart; i < lastLabelEnd; i++) if (!char.IsLetter(t[i])) return at + 1;
        int end = lastLabelEnd;
        if (end < n && (t[end] == '@' || t[end] == '_')) return end;
        // SSH remotes / scp targets ("git@github.com:org/repo.git", "deploy@host:/srv") and the git service user are not mailboxes
        if (end + 1 < n && t[end] == ':' && (char.IsLetterOrDigit(t[end + 1]) || t[end + 1] is '/' or '~' or '.')) return end;
        if (at - ls == 3 && t.AsSpan(ls, 3).Equals("git", StringComparison.OrdinalIgnoreCase)) return end;
        ctx.Add(EntityType.EMAIL, ls, end - ls, 0.95);
        return end;
    }
}
