using System.Net;
using System.Net.Sockets;

namespace Econeura.Domain.Dlp;

/// <summary>
/// Handles ':' and '=' anchors: credentials in URIs (scheme://user:pass@host → the password only),
/// key/value passwords and tokens (Password=...; Pwd=...; "password": "..."; api_key=...), and IPv6 addresses.
/// </summary>
internal static class KeyValueDetector
{
    private static readonly string[] PasswordKeys =
        { "password", "passwd", "pwd", "contraseña", "contrasena", "passphrase", "pass", "clave_acceso", "db_pass" };

    private static readonly string[] TokenKeys =
    {
        "secret", "secret_key", "secretkey", "secret_access_key", "api_key", "apikey", "api-key", "access_token",
        "accesstoken", "auth_token", "authtoken", "client_secret", "clientsecret", "private_key", "token", "access_key_secret",
        "sharedaccesskey", "accountkey", "x-api-key",
    };

    public static int ProcessColon(ScanContext ctx, int idx)
    {
        string t = ctx.Text;
        int n = t.Length;
        if (idx + 2 < n && t[idx + 1] == '/' && t[idx + 2] == '/')
            return ProcessUri(ctx, idx);
        int r = ProcessKeyValue(ctx, idx, colon: true);
        if (r > 0) return r;
        return ProcessIpv6(ctx, idx);
    }

    public static int ProcessEquals(ScanContext ctx, int idx)
    {
        int r = ProcessKeyValue(ctx, idx, colon: false);
        return r > 0 ? r : idx + 1;
    }

    private static int ProcessUri(ScanContext ctx, int idx)
    {
        string t = ctx.Text;
        int n = t.Length;
        if (idx == 0 || !Chars.IsAsciiLetter(t[idx - 1])) return idx + 3;
        int u = idx + 3;
        int at = -1, end = u;
        for (int j = u; j < n && j - u < 512; j++)
        {
            char c = t[j];
            if (char.IsWhiteSpace(c) || c is '/' or '?' or '#' or '"' or '\'' or '<' or '>' or '`') break;
            if (c == '@') at = j;
            end = j + 1;
        }
        if (at < 0) return idx + 3;
        int colon = t.IndexOf(':', u, at - u);
        if (colon < 0 || colon + 1 >= at) return at + 1;
        int ps = colon + 1, pe = at;
        if (!Placeholders.IsPlaceholder(t.AsSpan(ps, pe - ps)))
            ctx.Add(EntityType.SECRET, ps, pe - ps, 0.95);
        _ = end;
        return at + 1;
    }

    private static int ProcessKeyValue(ScanContext ctx, int idx, bool colon)
    {
        string t = ctx.Text;
        int n = t.Length;
        int k = idx - 1;
        if (k >= 0 && t[k] is '"' or '\'') k--;
        while (k >= 0 && t[k] == ' ' && idx - k < 4) k--;
        int keyEnd = k + 1;
        while (k >= 0 && keyEnd - k <= 40 && (char.IsLetterOrDigit(t[k]) || t[k] is '_' or '-' or '.')) k--;
        int keyStart = k + 1;
        int keyLen = keyEnd - keyStart;
        if (keyLen < 2 || keyLen > 40) return -1; // 2: "password is: ..."
        var key = t.AsSpan(keyStart, keyLen);
        int kind = Classify(key);
        // free-text labels: "Contraseña temporal: ...", "Your password is: ...", "contraseña de acceso: ..."
        if (kind == 0 && colon && IsLabelModifier(key) && IsPasswordLabelBefore(t, keyStart)) kind = 1;
        if (kind == 0) return -1;

        int v = idx + 1;
        while (v < n && v - idx <= 3 && t[v] == ' ') v++;
        if (v >= n) return -1;
        int vs, ve;
        char q = t[v];
        if (q is '"' or '\'')
        {
            vs = v + 1;
            int close = t.IndexOf(q, vs, Math.Min(n - vs, 256));
            if (close < 0) return -1;
            ve = close;
        }
        else
        {
            vs = v;
            ve = v;
            while (ve < n && ve - vs < 256)
            {
                char c = t[ve];
                // a free-text password may contain brackets as long as they are balanced inside it ("Xy(7)zz!")
                if (colon && c is ')' or ']' or '}' && HasOpener(t.AsSpan(vs, ve - vs), c)) { ve++; continue; }
                if (char.IsWhiteSpace(c) || c is ';' or '"' or '\'' or ',' or '<' or ')' or ']' or '}' or '|' or '`') break;
                if (c == '&' && IsQueryParamStart(t, ve + 1)) break;
                ve++;
            }
            // sentence punctuation is not part of a free-text password ("... uses DB_PASSWORD=changeme."); a trailing '!' is
            // (very common in passwords)
            if (colon)
            {
                while (ve > vs && t[ve - 1] is '.' or ':' or '?') ve--;
            }
            else if (ve >= n || char.IsWhiteSpace(t[ve]))
            {
                while (ve > vs && t[ve - 1] is '.' or '?') ve--;
            }
        }
        var value = t.AsSpan(vs, ve - vs);
        if (value.IsEmpty || Placeholders.IsPlaceholder(value)) return ve + 1;
        if (kind == 1)
        {
            if (value.Length < 3) return ve + 1;
            if (colon && (value.Length < 6 || !HasNonLetter(value))) return ve + 1;
        }
        else
        {
            if (value.Length < 8 || !HasDigit(value)) return ve + 1;
        }
        ctx.Add(EntityType.SECRET, vs, ve - vs, kind == 1 ? 0.9 : 0.85);
        return ve;
    }

    private static bool HasOpener(ReadOnlySpan<char> v, char close)
    {
        char open = close switch { ')' => '(', ']' => '[', _ => '{' };
        int depth = 0;
        foreach (char c in v)
        {
            if (c == open) depth++;
            else if (c == close) depth--;
        }
        return depth > 0;
    }

    /// <summary>Words that may stand between a password word and the colon of a free-text label.</summary>
    private static bool IsLabelModifier(ReadOnlySpan<char> word)
    {
        if (word.Length > 12) return false;
        Span<char> w = stackalloc char[word.Length];
        word.ToLowerInvariant(w);
        return w is "temporal" or "temporales" or "provisional" or "nueva" or "nuevo" or "new" or "temporary" or "temp" or "initial"
            or "inicial" or "actual" or "current" or "is" or "es" or "de" or "del" or "acceso" or "access" or "la" or "el" or "the"
            or "one-time" or "wifi" or "wi-fi" or "root" or "admin" or "usuario" or "user" or "vpn" or "db" or "generated"
            or "generada" or "asignada" or "assigned" or "default" or "defecto" or "por" or "was" or "sería" or "seria" or "will" or "be";
    }

    /// <summary>
    /// Looks back from a label modifier at <paramref name="modStart"/> over at most 3 more words on the same line (single
    /// spaces between) for a password word; every word in between must be a modifier too.
    /// </summary>
    private static bool IsPasswordLabelBefore(string t, int modStart)
    {
        int i = modStart - 1;
        for (int words = 0; words < 3; words++)
        {
            if (i < 0 || t[i] != ' ') return false;
            i--;
            int end = i + 1;
            while (i >= 0 && end - i <= 24 && (char.IsLetter(t[i]) || t[i] is '_' or '-')) i--;
            int len = end - i - 1;
            if (len < 2 || len > 24) return false;
            var w = t.AsSpan(i + 1, len);
            if (Classify(w) == 1) return true;
            if (!IsLabelModifier(w)) return false;
        }
        return false;
    }

    private static int Classify(ReadOnlySpan<char> key)
    {
        Span<char> lower = stackalloc char[key.Length];
        key.ToLowerInvariant(lower);
        foreach (var k in PasswordKeys)
        {
            if (k == "pass") { if (lower.SequenceEqual(k)) return 1; continue; }
            if (lower.EndsWith(k)) return 1;
        }
        foreach (var k in TokenKeys)
        {
            if (lower.EndsWith(k) && (lower.Length == k.Length || lower[lower.Length - k.Length - 1] is '_' or '-' or '.'))
                return 2;
        }
        return 0;
    }

    private static bool IsQueryParamStart(string t, int i)
    {
        int s = i;
        while (i < t.Length && i - s < 40 && (Chars.IsAsciiAlnum(t[i]) || t[i] is '_' or '-' or '.')) i++;
        return i > s && i < t.Length && t[i] == '=';
    }

    private static bool HasDigit(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (Chars.IsDigit(c)) return true;
        return false;
    }

    private static bool HasNonLetter(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (!char.IsLetter(c)) return true;
        return false;
    }

    private static bool IsIpv6Char(char c) => Chars.IsHex(c) || c == ':' || c == '.';

    private static int ProcessIpv6(ScanContext ctx, int idx)
    {
        string t = ctx.Text;
        int n = t.Length;
        bool nextOk = idx + 1 < n && (t[idx + 1] == ':' || Chars.IsHex(t[idx + 1]));
        bool prevOk = idx > 0 && (t[idx - 1] == ':' || Chars.IsHex(t[idx - 1]));
        if (!nextOk || (!prevOk && !(idx + 1 < n && t[idx + 1] == ':'))) return idx + 1;
        int s = idx;
        while (s > 0 && idx - s < 45 && IsIpv6Char(t[s - 1])) s--;
        int e = idx + 1;
        while (e < n && e - s < 46 && IsIpv6Char(t[e])) e++;
        while (e > idx + 1 && t[e - 1] == '.') e--;
        if (e > idx + 1 && t[e - 1] == ':' && t[e - 2] != ':') e--;
        while (s < idx && t[s] == '.') s++;
        if (s > 0 && (Chars.IsWordChar(t[s - 1]) || t[s - 1] is '.' or ':')) return idx + 1;
        if (e < n && (Chars.IsWordChar(t[e]) || t[e] is ':' )) return idx + 1;
        var cand = t.AsSpan(s, e - s);
        int colons = 0;
        bool digit = false, dbl = false;
        for (int i = 0; i < cand.Length; i++)
        {
            char c = cand[i];
            if (c == ':')
            {
                colons++;
                if (i > 0 && cand[i - 1] == ':') dbl = true;
            }
            else if (Chars.IsDigit(c)) digit = true;
        }
        if (colons < 2 || !digit || (!dbl && colons < 6)) return idx + 1;
        if (IPAddress.TryParse(cand, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            ctx.Add(EntityType.IP_ADDRESS, s, e - s, 0.9);
            return e;
        }
        return idx + 1;
    }
}
