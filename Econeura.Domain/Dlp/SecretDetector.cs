using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Econeura.Domain.Dlp;

/// <summary>
/// Prefix-anchored secrets found with one vectorised multi-string search (SearchValues&lt;string&gt;):
/// AWS key ids, GitHub/GitLab/Slack/OpenAI/Stripe/Google tokens, JWTs, PEM private keys and Bearer tokens.
/// </summary>
internal static class SecretDetector
{
    private static readonly string[] Prefixes =
    {
        "AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-",
        "eyJ", "-----BEGIN", "sk-", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_", "AIza", "glpat-", "Bearer ",
        "hooks.slack.com/",
    };

    internal static readonly SearchValues<string> Anchors = SearchValues.Create(Prefixes, StringComparison.Ordinal);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScanAll(ScanContext ctx)
    {
        string t = ctx.Text;
        ReadOnlySpan<char> span = t;
        int pos = 0;
        while (pos < t.Length)
        {
            int rel = span[pos..].IndexOfAny(Anchors);
            if (rel < 0) break;
            int idx = pos + rel;
            int next = Process(ctx, idx);
            pos = Math.Max(next, idx + 1);
            ctx.Tick();
        }
    }

    private static int Process(ScanContext ctx, int idx)
    {
        string t = ctx.Text;
        var s = t.AsSpan(idx);
        char c0 = s[0];
        if (c0 == '-') return Pem(ctx, idx);
        if (c0 == 'B') return Bearer(ctx, idx);
        if (c0 == 'h') return SlackWebhook(ctx, idx);
        // left boundary: token must not be glued to a preceding word
        if (idx > 0 && (char.IsLetterOrDigit(t[idx - 1]) || t[idx - 1] is '_' or '-' or '+' or '/')) return idx + 1;
        if (c0 == 'e') return Jwt(ctx, idx);
        if (s.StartsWith("AKIA") || s.StartsWith("ASIA")) return Fixed(ctx, idx, 4, 16, 16, upperAlnumOnly: true);
        if (s.StartsWith("AIza")) return Fixed(ctx, idx, 4, 35, 35, urlSafe: true);
        if (s.StartsWith("github_pat_")) return Fixed(ctx, idx, 11, 22, 255, underscore: true);
        if (s.StartsWith("gh")) return Fixed(ctx, idx, 4, 36, 255);
        if (s.StartsWith("xox")) return Fixed(ctx, idx, 5, 10, 255, dash: true);
        if (s.StartsWith("glpat-")) return Fixed(ctx, idx, 6, 20, 255, urlSafe: true);
        if (s.StartsWith("sk-")) return Fixed(ctx, idx, 3, 20, 255, urlSafe: true, needDigit: true);
        return Fixed(ctx, idx, 8, 24, 255, needDigit: true); // Stripe: sk_live_, sk_test_, rk_live_, rk_test_, pk_live_ (24+ chars)
    }

    /// <summary>
    /// Slack incoming webhook: the whole URL "https://hooks.slack.com/services/T…/B…/secret" (or /workflows/…) is the
    /// credential, so the whole URL (scheme included when present) is reported.
    /// </summary>
    private static int SlackWebhook(ScanContext ctx, int idx)
    {
        string t = ctx.Text;
        int n = t.Length;
        int p = idx + "hooks.slack.com/".Length;
        var rest = t.AsSpan(p);
        int kind = rest.StartsWith("services/") ? 9 : rest.StartsWith("workflows/") ? 10 : 0;
        if (kind == 0) return p;
        int i = p + kind;
        int segments = 0, lastSeg = 0, segStart = i;
        while (i <= n)
        {
            char c = i < n ? t[i] : ' ';
            if (Chars.IsAsciiAlnum(c) || c is '_' or '-') { i++; continue; }
            if (i > segStart) { segments++; lastSeg = i - segStart; }
            if (c == '/' && i + 1 < n && Chars.IsAsciiAlnum(t[i + 1])) { i++; segStart = i; continue; }
            break;
        }
        int end = Math.Min(i, n);
        if (segments < 3 || lastSeg < 16 || Placeholders.IsPlaceholder(t.AsSpan(end - lastSeg, lastSeg))) return end;
        int start = idx;
        if (idx >= 8 && t.AsSpan(idx - 8, 8).Equals("https://", StringComparison.OrdinalIgnoreCase)) start = idx - 8;
        else if (idx >= 7 && t.AsSpan(idx - 7, 7).Equals("http://", StringComparison.OrdinalIgnoreCase)) start = idx - 7;
        ctx.Add(EntityType.SECRET, start, end - start, 0.99);
        return end;
    }

    private static int Fixed(ScanContext ctx, int idx, int prefixLen, int min, int max,
        bool upperAlnumOnly = false, bool urlSafe = false, bool underscore = false, bool dash = false, bool needDigit = false)
    {
        string t = ctx.Text;
        int i = idx + prefixLen;
        bool digit = false;
        while (i < t.Length && i - idx - prefixLen < max + 1)
        {
            char c = t[i];
            bool ok = upperAlnumOnly ? (char.IsAsciiLetterUpper(c) || Chars.IsDigit(c))
                : Chars.IsAsciiAlnum(c) || ((urlSafe || underscore) && c == '_') || ((urlSafe || dash) && c == '-');
            if (!ok) break;
            if (Chars.IsDigit(c)) digit = true;
            i++;
        }
        if (dash || urlSafe) while (i > idx + prefixLen && t[i - 1] == '-') i--;
        int len = i - idx - prefixLen;
        if (len < min || len > max) return i;
        if (i < t.Length && (char.IsLetterOrDigit(t[i]) || t[i] == '_')) return i;
        if (needDigit && !digit) return i;
        var body = t.AsSpan(idx + prefixLen, len);
        if (Placeholders.IsPlaceholder(body)) return i;
        ctx.Add(EntityType.SECRET, idx, i - idx, 0.99);
        return i;
    }

    private static int Jwt(ScanContext ctx, int idx)
    {
        string t = ctx.Text;
        int n = t.Length;
        int i = idx;
        Span<int> segEnd = stackalloc int[3];
        for (int seg = 0; seg < 3; seg++)
        {
            int s = i;
            while (i < n && Chars.IsBase64Url(t[i])) i++;
            segEnd[seg] = i;
            int len = i - s;
            if (seg == 0 && len < 10) return i;
            if (seg == 1 && len < 2) return i;
            if (seg < 2)
            {
                if (i >= n || t[i] != '.') return i;
                i++;
            }
        }
        if (i < n && (Chars.IsBase64Url(t[i]) || (t[i] == '.' && i + 1 < n && !char.IsWhiteSpace(t[i + 1])))) return i;
        var header = t.AsSpan(idx, segEnd[0] - idx);
        if (!HeaderHasAlg(header)) return i;
        // unsigned tokens end with '.', keep the trailing dot out of a following sentence
        ctx.Add(EntityType.SECRET, idx, i - idx, 0.99);
        return i;
    }

    private static bool HeaderHasAlg(ReadOnlySpan<char> b64url)
    {
        if (b64url.Length > 1024) return false;
        int padded = (b64url.Length + 3) / 4 * 4;
        Span<char> buf = stackalloc char[padded];
        for (int i = 0; i < padded; i++)
        {
            if (i >= b64url.Length) buf[i] = '=';
            else buf[i] = b64url[i] switch { '-' => '+', '_' => '/', var c => c };
        }
        Span<byte> bytes = stackalloc byte[padded];
        if (!Convert.TryFromBase64Chars(buf, bytes, out int written)) return false;
        var json = Encoding.UTF8.GetString(bytes[..written]);
        return json.TrimStart().StartsWith('{') && json.Contains("\"alg\"", StringComparison.Ordinal);
    }

    private static int Pem(ScanContext ctx, int idx)
    {
        string t = ctx.Text;
        int n = t.Length;
        int labelStart = idx + "-----BEGIN".Length;
        if (labelStart >= n || t[labelStart] != ' ') return labelStart;
        int labelEnd = t.IndexOf("-----", labelStart, Math.Min(n - labelStart, 80), StringComparison.Ordinal);
        if (labelEnd < 0) return labelStart;
        var label = t.AsSpan(labelStart + 1, labelEnd - labelStart - 1);
        if (!label.EndsWith("PRIVATE KEY", StringComparison.Ordinal) && !label.SequenceEqual("PGP PRIVATE KEY BLOCK")) return labelEnd + 5;
        int bodyStart = labelEnd + 5;
        int endMarker = t.IndexOf("-----END ", bodyStart, Math.Min(n - bodyStart, 64 * 1024), StringComparison.Ordinal);
        int end;
        if (endMarker >= 0)
        {
            int close = t.IndexOf("-----", endMarker + 9, Math.Min(n - endMarker - 9, 80), StringComparison.Ordinal);
            end = close >= 0 ? close + 5 : endMarker + 9;
        }
        else
        {
            // truncated block: take the base64 body lines that follow
            end = bodyStart;
            int i = bodyStart;
            while (i < n && (Chars.IsAsciiAlnum(t[i]) || t[i] is '+' or '/' or '=' or '\n' or '\r' or ' ' or ':' or ',' or '-'))
            {
                if (!char.IsWhiteSpace(t[i])) end = i + 1;
                i++;
            }
        }
        ctx.Add(EntityType.SECRET, idx, end - idx, 1.0);
        return end;
    }

    private static int Bearer(ScanContext ctx, int idx)
    {
        string t = ctx.Text;
        if (idx > 0 && char.IsLetterOrDigit(t[idx - 1])) return idx + 1;
        int s = idx + 7;
        int i = s;
        bool digit = false;
        while (i < t.Length && (Chars.IsAsciiAlnum(t[i]) || t[i] is '-' or '_' or '.' or '~' or '+' or '/' or '='))
        {
            if (Chars.IsDigit(t[i])) digit = true;
            i++;
        }
        while (i > s && t[i - 1] == '.') i--;
        if (i - s < 16 || !digit || Placeholders.IsPlaceholder(t.AsSpan(s, i - s))) return s;
        ctx.Add(EntityType.SECRET, s, i - s, 0.95);
        return s; // let the JWT detector see the token too
    }
}
