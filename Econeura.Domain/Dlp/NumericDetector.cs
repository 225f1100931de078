namespace Econeura.Domain.Dlp;

/// <summary>
/// Handles every digit anchor: parses a run of digit groups (with space, '-', '.', '/', parenthesis separators)
/// and validates cards, IBANs, DNI/NIE/CIF, SSNs, IPv4 and phones on it. Allocation-free except for phone
/// candidates that reach libphonenumber.
/// </summary>
internal static class NumericDetector
{
    private const int MaxGroups = 12;

    private struct Grp
    {
        public int Start;
        public int Len;
        public char Sep; // separator kind before this group: '\0' first, ' ', '-', '.', '/', 'P' (parenthesis)
        public readonly int End => Start + Len;
    }

    private enum Left { Ok, Reject, IpOnly, Amount }

    /// <summary>Processes the digit at <paramref name="idx"/>; returns the index to resume scanning from.</summary>
    public static int Process(ScanContext ctx, int idx)
    {
        string t = ctx.Text;
        int n = t.Length;
        int ws = idx;
        while (ws > 0 && Chars.IsAsciiAlnum(t[ws - 1])) ws--;

        char lead = '\0';
        int leadStart = -1;
        int d0 = ws; // first digit of the run
        if (!Chars.IsDigit(t[ws]))
        {
            if (TryIban(ctx, ws, out int ibanEnd, out bool shaped)) return ibanEnd;
            if (shaped) return ibanEnd;
            int fd = ws;
            while (fd < n && !Chars.IsDigit(t[fd])) fd++;
            // "X1234567L", "x1234567l", "B12345674"; not glued to a code such as "SKU-A58818501" or "id_B12345674"
            bool glued = ws > 1 && t[ws - 1] is '-' or '_' or '/' or '\\' or '.' && Chars.IsWordChar(t[ws - 2]);
            if (fd == ws + 1 && !glued && (char.IsAsciiLetterUpper(t[ws]) || t[ws] is 'x' or 'y' or 'z'))
            {
                lead = t[ws];
                leadStart = ws;
                d0 = fd;
            }
            else
            {
                return SkipWord(t, idx);
            }
        }

        Left left = Left.Ok;
        bool plus = false, paren = false;
        if (lead == '\0' && ws > 0)
        {
            char p = t[ws - 1];
            char pp = ws > 1 ? t[ws - 2] : ' ';
            char ppp = ws > 2 ? t[ws - 3] : ' ';
            switch (p)
            {
                case '.':
                    if (Chars.IsAsciiAlnum(pp)) left = Left.Reject;
                    break;
                case ',':
                    // "1,234.56" / "12,50": a thousands or decimal comma glues the digits to the number before it. In a
                    // CSV row (",646-309-0138,622-31-8749,") the comma is a field separator and the value stands alone.
                    if (Chars.IsDigit(pp) && IsNumericComma(t, ws - 1)) left = Left.Reject;
                    break;
                case '-':
                    if (char.IsAsciiLetterUpper(pp) && !Chars.IsWordChar(ppp) && ws > 1)
                    {
                        lead = pp;
                        leadStart = ws - 2;
                    }
                    else if (Chars.IsWordChar(pp) || pp == '-' || pp == '.') left = Left.Reject;
                    break;
                case ' ':
                    // NIE printed with spaces: "X 1234567 L"
                    if (pp is 'X' or 'Y' or 'Z' && !Chars.IsWordChar(ppp) && IsSpacedNieBody(t, ws))
                    {
                        lead = pp;
                        leadStart = ws - 2;
                    }
                    // CIF printed with a space after the letter, only after a tax-id word: "CIF A 28509701" (checksum still required)
                    else if (Checksums.IsCifLetter(pp) && ws > 1 && !Chars.IsWordChar(ppp) && ppp != '-' && IsSpacedCifBody(t, ws)
                             && KeywordContext.TaxIdKeywordBefore(t, ws - 2))
                    {
                        lead = pp;
                        leadStart = ws - 2;
                    }
                    break;
                case '/':
                case '\\':
                    // "http://10.0.0.1/", "\\\\10.0.0.5\\share": an address may follow a path separator, nothing else may
                    left = Left.IpOnly;
                    break;
                case '_':
                case '%':
                case '&':
                    left = Left.Reject;
                    break;
                case '@':
                    left = Left.IpOnly;
                    break;
                case '$':
                case '€':
                case '£':
                    left = Left.Amount;
                    break;
                case '+':
                    if (!Chars.IsAsciiAlnum(pp)) plus = true;
                    else left = Left.Reject;
                    break;
                case '(':
                    paren = true;
                    break;
            }
        }

        // ---- parse digit groups ----
        Span<Grp> g = stackalloc Grp[MaxGroups];
        int count = 0;
        int i = d0;
        char sep = '\0';
        int totalDigits = 0;
        while (true)
        {
            int gs = i;
            while (i < n && Chars.IsDigit(t[i])) i++;
            g[count++] = new Grp { Start = gs, Len = i - gs, Sep = sep };
            totalDigits += i - gs;
            if (count == MaxGroups || totalDigits > 40 || i >= n) break;
            char c = t[i];
            if (c is ' ' or '-' or '.' or '/')
            {
                if (i + 1 < n && Chars.IsDigit(t[i + 1])) { sep = c; i++; continue; }
                if (c == ' ' && i + 2 < n && t[i + 1] == '(' && Chars.IsDigit(t[i + 2])) { sep = 'P'; i += 2; continue; }
                break;
            }
            if (c == ')')
            {
                int j = i + 1;
                if (j < n && (t[j] == ' ' || t[j] == '-')) j++;
                if (j < n && Chars.IsDigit(t[j])) { sep = 'P'; i = j; continue; }
                break;
            }
            if (c == '(' && i + 1 < n && Chars.IsDigit(t[i + 1])) { sep = 'P'; i++; continue; }
            break;
        }
        int runEnd = i;

        var run = new Run(ctx, g[..count], left, plus, paren, lead, leadStart);
        int k = 0;
        while (k < count)
        {
            int next = run.TryAt(k);
            k = next > k ? next : k + 1;
        }

        ctx.Tick();
        // Do not re-anchor inside a word glued to the run (e.g. "123abc", "12345678Z").
        return SkipWord(t, runEnd);
    }

    /// <summary>Exactly 7 digits at <paramref name="i"/> followed by ' ' or '-' and an upper-case control letter.</summary>
    private static bool IsSpacedNieBody(string t, int i)
    {
        int e = i;
        while (e < t.Length && Chars.IsDigit(t[e])) e++;
        return e - i == 7 && e + 1 < t.Length && t[e] is ' ' or '-' && char.IsAsciiLetterUpper(t[e + 1]);
    }

    /// <summary>
    /// True when the comma at <paramref name="c"/> (digits on both sides, no space) is part of a number: a decimal comma
    /// ("12,50", "1234,5"; not when another field follows: ",612345678,1,") or a thousands separator ("1,234.56",
    /// "12,345,678": 1-3 digits before, exactly 3 after, not followed by '-' or '/'). Otherwise it separates two fields
    /// (CSV "44075,2023-08-09", "8392,279471102").
    /// </summary>
    internal static bool IsNumericComma(string t, int c)
    {
        int b = c;
        while (b > 0 && c - b < 4 && Chars.IsDigit(t[b - 1])) b--;
        int before = c - b;
        int a = c + 1;
        while (a < t.Length && a - c <= 4 && Chars.IsDigit(t[a])) a++;
        int after = a - c - 1;
        if (after <= 2) return !(a < t.Length && t[a] is ',' or ';'); // "612,50" but not a CSV field ",612345678,1,".
        if (after != 3 || before > 3) return false;
        return !(a < t.Length && t[a] is '-' or '/');
    }

    /// <summary>8 digits, or 7 digits + a control letter, at <paramref name="i"/> and nothing alphanumeric glued after.</summary>
    private static bool IsSpacedCifBody(string t, int i)
    {
        int e = i;
        while (e < t.Length && e - i < 9 && Chars.IsDigit(t[e])) e++;
        if (e - i == 7 && e < t.Length && Chars.IsAsciiLetter(t[e])) e++;
        else if (e - i != 8) return false;
        return e >= t.Length || !Chars.IsAsciiAlnum(t[e]);
    }

    private static int SkipWord(string t, int i)
    {
        while (i < t.Length && Chars.IsAsciiAlnum(t[i])) i++;
        return i;
    }

    // ---------------- IBAN ----------------
    private static bool TryIban(ScanContext ctx, int ws, out int end, out bool shaped)
    {
        string t = ctx.Text;
        int n = t.Length;
        end = ws;
        shaped = false;
        if (ws + 4 > n || !Chars.IsAsciiLetter(t[ws]) || !Chars.IsAsciiLetter(t[ws + 1]) || !Chars.IsDigit(t[ws + 2]) || !Chars.IsDigit(t[ws + 3]))
            return false;
        // mixed-case country codes ("Es") are not IBANs
        if (char.IsAsciiLetterUpper(t[ws]) != char.IsAsciiLetterUpper(t[ws + 1])) return false;
        int len = Checksums.IbanLength(t[ws], t[ws + 1]);
        if (len == 0) return false;
        Span<char> buf = stackalloc char[34];
        int cnt = 0;
        int i = ws;
        // Any grouping of single separators (space, NBSP, '-') after the country code + check digits:
        // "ES91 2100 0418 4502 0005 1332", "ES91 2100 0418 45 0200051332", "ES91-2100-0418-...". The length
        // must equal the country's IBAN length and mod-97 must pass, so a greedy walk is safe.
        while (i < n && cnt < len)
        {
            char c = t[i];
            if (Chars.IsAsciiAlnum(c)) { buf[cnt++] = c; i++; }
            else if (c is ' ' or '-' or '\u00A0' && cnt >= 4 && i + 1 < n && Chars.IsAsciiAlnum(t[i + 1]) && Chars.IsAsciiAlnum(t[i - 1])) i++;
            else break;
        }
        if (cnt < len) return false;
        if ((i < n && Chars.IsAsciiAlnum(t[i])) || !Checksums.IsValidIban(buf[..len]))
        {
            // IBAN-shaped but not valid: skip only the first word so that digits after a separator are re-scanned.
            shaped = true;
            end = SkipWord(t, ws);
            return false;
        }
        end = i;
        ctx.Add(EntityType.IBAN, ws, i - ws, 1.0);
        return true;
    }

    // ---------------- per-run evaluation ----------------
    private readonly ref struct Run
    {
        private readonly ScanContext _ctx;
        private readonly string _t;
        private readonly ReadOnlySpan<Grp> _g;
        private readonly Left _left;
        private readonly bool _plus;
        private readonly bool _paren;
        private readonly char _lead;
        private readonly int _leadStart;

        public Run(ScanContext ctx, ReadOnlySpan<Grp> g, Left left, bool plus, bool paren, char lead, int leadStart)
        {
            _ctx = ctx;
            _t = ctx.Text;
            _g = g;
            _left = left;
            _plus = plus;
            _paren = paren;
            _lead = lead;
            _leadStart = leadStart;
        }

        /// <summary>Tries to match an entity starting at group k; returns the next group index, or -1.</summary>
        public int TryAt(int k)
        {
            if (k == 0)
            {
                if (_left is Left.Reject or Left.Amount) return -1;
                if (_lead != '\0') return TryLeadLetter() ? 1 : -1;
                if (_left == Left.IpOnly) return TryIpv4(0);
            }
            else if (_g[k].Sep != ' ')
            {
                // "612345678/698765432": two phone numbers joined by a slash
                if (_g[k].Sep == '/' && _g[k].Len >= 9 && _g[k - 1].Len >= 9) return TryPhone(k);
                return -1;
            }

            int r;
            if ((r = TryIpv4(k)) > 0) return r;
            if ((r = TryCard(k)) > 0) return r;
            if ((r = TryDni(k)) > 0) return r;
            if ((r = TrySsn(k)) > 0) return r;
            if ((r = TryPhone(k)) > 0) return r;
            return -1;
        }

        private bool RightOk(int end, bool allowSlashDigit = false)
        {
            if (end >= _t.Length) return true;
            char c = _t[end];
            if (char.IsLetterOrDigit(c) || c == '_' || c == '@') return false;
            if (c is '.' or ',' or '-' or '/' && end + 1 < _t.Length && Chars.IsDigit(_t[end + 1]))
                return (allowSlashDigit && c is '/' or ',') || (c == ',' && !IsNumericComma(_t, end));
            return true;
        }

        /// <summary>Position of a control letter right after a digit group (optionally after '-' or ' '), or -1.</summary>
        private int LetterAfter(int end)
        {
            string t = _t;
            if (end >= t.Length) return -1;
            int p;
            char c = t[end];
            if (Chars.IsAsciiLetter(c)) p = end;
            else if (c == '-' && end + 1 < t.Length && Chars.IsAsciiLetter(t[end + 1])) p = end + 1;
            else if (c == ' ' && end + 1 < t.Length && char.IsAsciiLetterUpper(t[end + 1])) p = end + 1;
            else return -1;
            if (p + 1 < t.Length && (char.IsLetterOrDigit(t[p + 1]) || t[p + 1] == '_' || t[p + 1] == '@')) return -1;
            return p;
        }

        private bool TryLeadLetter()
        {
            var g = _g[0];
            ReadOnlySpan<char> digits = _t.AsSpan(g.Start, g.Len);
            if (_lead is 'X' or 'Y' or 'Z' or 'x' or 'y' or 'z' && g.Len == 7)
            {
                int lp = LetterAfter(g.End);
                // lower-case only when written compact ("x1234567l"), never "x1234567 l"
                if (lp > 0 && char.IsAsciiLetterLower(_lead) && lp != g.End) return false;
                if (lp > 0 && Checksums.IsValidNie(_lead, digits, _t[lp]))
                {
                    _ctx.Add(EntityType.ES_NIE, _leadStart, lp + 1 - _leadStart, 0.97);
                    return true;
                }
                return false;
            }
            if (!Checksums.IsCifLetter(_lead)) return false;
            if (KeywordContext.IsProductCodeContext(_t, _leadStart)) return false;
            if (g.Len == 8 && RightOk(g.End) && (_g.Length == 1 || _g[1].Sep == ' '))
            {
                if (Checksums.IsValidCif(_lead, digits[..7], digits[7]))
                {
                    _ctx.Add(EntityType.ES_CIF, _leadStart, g.End - _leadStart, 0.95);
                    return true;
                }
            }
            else if (g.Len == 7)
            {
                int lp = LetterAfter(g.End);
                if (lp > 0 && lp == g.End && Checksums.IsValidCif(_lead, digits, _t[lp]))
                {
                    _ctx.Add(EntityType.ES_CIF, _leadStart, lp + 1 - _leadStart, 0.95);
                    return true;
                }
            }
            return false;
        }

        private int TryIpv4(int k)
        {
            if (k + 3 >= _g.Length) return -1;
            for (int j = k; j <= k + 3; j++)
            {
                var g = _g[j];
                if (j > k && g.Sep != '.') return -1;
                if (g.Len is < 1 or > 3) return -1;
                if (g.Len > 1 && _t[g.Start] == '0') return -1;
                int v = 0;
                for (int x = g.Start; x < g.End; x++) v = v * 10 + (_t[x] - '0');
                if (v > 255) return -1;
            }
            if (k + 4 < _g.Length && _g[k + 4].Sep == '.') return -1;
            int end = _g[k + 3].End;
            if (!RightOk(end, allowSlashDigit: true)) return -1;
            int start = _g[k].Start;
            if (KeywordContext.VersionWordRightBefore(_t, start)) return -1;
            _ctx.Add(EntityType.IP_ADDRESS, start, end - start, 0.9);
            return k + 4;
        }

        private int TryCard(int k)
        {
            Span<char> buf = stackalloc char[20];
            int digits = 0;
            char sep = '\0';
            int best = -1;
            for (int j = k; j < _g.Length; j++)
            {
                var g = _g[j];
                if (j > k)
                {
                    if (g.Sep is not (' ' or '-')) break;
                    if (j == k + 1) sep = g.Sep;
                    else if (g.Sep != sep) break;
                }
                if (digits + g.Len > 19) break;
                _t.AsSpan(g.Start, g.Len).CopyTo(buf[digits..]);
                digits += g.Len;
                if (digits < 13) continue;
                bool shapeOk;
                if (j == k) shapeOk = true;
                else
                {
                    shapeOk = _g[k].Len == 4 && g.Len is >= 1 and <= 6;
                    for (int m = k + 1; m < j && shapeOk; m++) shapeOk = _g[m].Len is >= 4 and <= 6;
                }
                if (shapeOk && RightOk(g.End, allowSlashDigit: true) && Checksums.IsValidCard(buf[..digits])) best = j;
            }
            if (best < 0) return -1;
            _ctx.Add(EntityType.CREDIT_CARD, _g[k].Start, _g[best].End - _g[k].Start, 0.99);
            return best + 1;
        }

        private int TryDni(int k)
        {
            var g = _g[k];
            int lp = -1;
            Span<char> d = stackalloc char[8];
            if (g.Len == 8)
            {
                lp = LetterAfter(g.End);
                if (lp < 0) return -1;
                _t.AsSpan(g.Start, 8).CopyTo(d);
                if (lp > g.End && _t[lp - 1] == ' ' && !char.IsAsciiLetterUpper(_t[lp])) return -1;
                if (!Checksums.IsValidDni(d, _t[lp])) return -1;
                _ctx.Add(EntityType.ES_DNI, g.Start, lp + 1 - g.Start, 0.97);
                return k + 1;
            }
            // "12.345.678-Z", "1.234.567-L", "12 345 678 Z"
            if (g.Len is 1 or 2 && k + 2 < _g.Length && _g[k + 1].Sep is '.' or ' ' && _g[k + 2].Sep == _g[k + 1].Sep && _g[k + 1].Len == 3 && _g[k + 2].Len == 3
                && (k + 3 >= _g.Length || _g[k + 3].Sep != _g[k + 1].Sep))
            {
                int pos = 0;
                if (g.Len == 1) d[pos++] = '0';
                _t.AsSpan(g.Start, g.Len).CopyTo(d[pos..]);
                pos += g.Len;
                _t.AsSpan(_g[k + 1].Start, 3).CopyTo(d[pos..]);
                _t.AsSpan(_g[k + 2].Start, 3).CopyTo(d[(pos + 3)..]);
                lp = LetterAfter(_g[k + 2].End);
                if (lp < 0 || !Checksums.IsValidDni(d, _t[lp])) return -1;
                _ctx.Add(EntityType.ES_DNI, g.Start, lp + 1 - g.Start, 0.97);
                return k + 3;
            }
            return -1;
        }

        private int TrySsn(int k)
        {
            var g = _g[k];
            if (g.Len == 3 && k + 2 < _g.Length)
            {
                var g2 = _g[k + 1];
                var g3 = _g[k + 2];
                if (g2.Len != 2 || g3.Len != 4 || g2.Sep is not ('-' or ' ') || g3.Sep != g2.Sep) return -1;
                if (k + 3 < _g.Length && _g[k + 3].Sep == g2.Sep) return -1;
                if (!RightOk(g3.End)) return -1;
                if (!Checksums.IsValidSsn(Num(g), Num(g2), Num(g3))) return -1;
                var ctxKind = _ctx.ContextBefore(g.Start);
                if (ctxKind == ContextKind.Reference && g2.Sep == ' ') return -1;
                double score = ctxKind == ContextKind.Ssn ? 0.95 : g2.Sep == '-' ? 0.85 : 0.7;
                _ctx.Add(EntityType.US_SSN, g.Start, g3.End - g.Start, score);
                return k + 3;
            }
            if (g.Len == 9 && (k + 1 >= _g.Length || _g[k + 1].Sep == ' ') && RightOk(g.End)
                && (_ctx.ContextBefore(g.Start) == ContextKind.Ssn || (k == 0 && _g.Length == 1 && CsvColumns.IsSsnField(_ctx, g.Start, g.End))))
            {
                int area = Num(g.Start, 3), grp = Num(g.Start + 3, 2), ser = Num(g.Start + 5, 4);
                if (!Checksums.IsValidSsn(area, grp, ser)) return -1;
                _ctx.Add(EntityType.US_SSN, g.Start, 9, 0.8);
                return k + 1;
            }
            return -1;
        }

        private int Num(Grp g) => Num(g.Start, g.Len);

        private int Num(int start, int len)
        {
            int v = 0;
            for (int x = start; x < start + len; x++) v = v * 10 + (_t[x] - '0');
            return v;
        }

        private int TryPhone(int k)
        {
            var g0 = _g[k];
            if (g0.Len > 15) return -1;
            bool intl = k == 0 && _plus;
            int skip = 0;
            if (!intl && g0.Len >= 4 && _t[g0.Start] == '0' && _t[g0.Start + 1] == '0')
            {
                intl = true;
                skip = 2;
            }
            // longest allowed group span
            int maxJ = k;
            int total = g0.Len;
            for (int j = k + 1; j < _g.Length; j++)
            {
                if (_g[j].Sep is not (' ' or '-' or '.' or 'P')) break;
                if (total + _g[j].Len > 17) break;
                total += _g[j].Len;
                maxJ = j;
            }
            if (total - skip < 7) return -1;

            int spanStart = g0.Start;
            if (k == 0 && _plus) spanStart = g0.Start >= 2 && _t[g0.Start - 2] == '(' && _g.Length > 1 && _g[1].Sep == 'P' ? g0.Start - 2 : g0.Start - 1;
            else if (k == 0 && _paren && _g.Length > 1 && _g[1].Sep == 'P') spanStart = g0.Start - 1; // "(415) 555-2671", not "(612 345 678)"

            ContextKind ctxKind = _ctx.ContextBefore(spanStart);
            if (!intl && ctxKind is ContextKind.Reference or ContextKind.Ssn or ContextKind.Version or ContextKind.Amount) return -1;

            Span<char> buf = stackalloc char[24];
            for (int j = maxJ; j >= k; j--)
            {
                int end = _g[j].End;
                bool slashList = end < _t.Length && _t[end] == '/' && j + 1 < _g.Length && _g[j + 1].Len >= 9 && _g[j].Len >= 9;
                if ((!RightOk(end) && !slashList) || KeywordContext.CurrencyAfter(_t, end)) continue;
                int nd = 0;
                for (int m = k; m <= j; m++)
                {
                    _t.AsSpan(_g[m].Start, _g[m].Len).CopyTo(buf[nd..]);
                    nd += _g[m].Len;
                }
                var digits = buf[skip..nd];
                int groups = j - k + 1;
                if (groups == 3 && _g[k].Len == 3 && _g[k + 1].Len == 2 && _g[k + 2].Len == 4 && !intl) continue; // SSN shape
                if (groups == 2 && _g[k].Len == 2 && _g[k + 1].Len == 7 && _g[k + 1].Sep == '-' && !intl) continue; // US EIN "70-1578570"
                double score;
                bool ok;
                if (intl)
                {
                    if (digits.Length is < 7 or > 15) continue;
                    ok = PhoneValidator.IsUkDramaRange(digits, 2) || _ctx.PhoneVerdict(PhoneRule.International, digits);
                    score = 0.9;
                }
                else if (digits.Length == 9 && digits[0] is '6' or '7' or '8' or '9' && !IsNanpShape(k, j))
                {
                    // fast path: Spanish mobiles 6xx xxx xxx / 7[1-4]x xxx xxx are always valid numbers
                    ok = digits[0] == '6' || (digits[0] == '7' && digits[1] is >= '1' and <= '4') || _ctx.PhoneVerdict(PhoneRule.Spain, digits);
                    score = groups > 1 ? 0.8 : 0.6;
                }
                else if ((digits.Length == 10 && digits[0] != '0' && digits[0] != '1' && (IsNanpShape(k, j) || ctxKind == ContextKind.PhonePositive))
                         || (digits.Length == 11 && digits[0] == '1' && IsNanpShape(k + 1, j) && _g[k].Len == 1))
                {
                    ok = _ctx.PhoneVerdict(PhoneRule.Nanp, digits);
                    score = 0.8;
                }
                else if (digits.Length is 10 or 11 && digits[0] == '0' && digits[1] != '0' && groups > 1)
                {
                    ok = PhoneValidator.IsUkDramaRange(digits, 0) || _ctx.PhoneVerdict(PhoneRule.EuropeTrunk, digits);
                    score = 0.7;
                }
                else if (digits.Length == 9 && digits[0] == '0' && digits[1] != '0' && groups > 1 && _g[k].Len is >= 3 and <= 5)
                {
                    // German/Italian area code + short subscriber number: "030 901820", "089 1234567"
                    ok = _ctx.PhoneVerdict(PhoneRule.DeItShort, digits);
                    score = 0.7;
                }
                else continue;
                if (!ok) continue;
                if (ctxKind == ContextKind.PhonePositive) score = Math.Min(0.99, score + 0.15);
                else if (ctxKind == ContextKind.Reference) score = Math.Max(0.5, score - 0.2);
                _ctx.Add(EntityType.PHONE, spanStart, end - spanStart, score);
                return j + 1;
            }
            return -1;
        }

        private bool IsNanpShape(int k, int j)
        {
            if (j - k == 2) return _g[k].Len == 3 && _g[k + 1].Len == 3 && _g[k + 2].Len == 4;
            return false;
        }
    }
}
