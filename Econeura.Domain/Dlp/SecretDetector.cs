using System.Buffers;
using System.Runtime.CompilerServices;

namespace Econeura.Domain.Dlp;

/// <summary>
/// Pass 2: prefix-anchored secrets found with one vectorised multi-string search (SearchValues&lt;string&gt;): AWS key ids,
/// GitHub/GitLab/Slack/OpenAI/Stripe/Google tokens here; JWTs, PEM private keys, Bearer tokens and Slack webhooks in
/// their own detectors.
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
        string text = ctx.Text;
        ReadOnlySpan<char> span = text;
        int pos = 0;
        while (pos < text.Length)
        {
            int offset = span[pos..].IndexOfAny(Anchors);
            if (offset < 0) break;
            int anchor = pos + offset;
            int next = Process(ctx, anchor);
            pos = Math.Max(next, anchor + 1);
            ctx.Tick();
        }
    }

    private static int Process(ScanContext ctx, int anchor)
    {
        string text = ctx.Text;
        var rest = text.AsSpan(anchor);
        char first = rest[0];
        if (first == '-') return PemDetector.Process(ctx, anchor);
        if (first == 'B') return BearerDetector.Process(ctx, anchor);
        if (first == 'h') return SlackWebhookDetector.Process(ctx, anchor);
        // a token is not glued to a preceding word
        if (anchor > 0 && (char.IsLetterOrDigit(text[anchor - 1]) || text[anchor - 1] is '_' or '-' or '+' or '/')) return anchor + 1;
        if (first == 'e') return JwtDetector.Process(ctx, anchor);
        if (rest.StartsWith("AKIA") || rest.StartsWith("ASIA")) return Fixed(ctx, anchor, 4, 16, 16, TokenAlphabet.UpperAlnum);
        if (rest.StartsWith("AIza")) return Fixed(ctx, anchor, 4, 35, 35, TokenAlphabet.UrlSafe);
        if (rest.StartsWith("github_pat_")) return Fixed(ctx, anchor, 11, 22, 255, TokenAlphabet.AlnumUnderscore);
        if (rest.StartsWith("gh")) return Fixed(ctx, anchor, 4, 36, 255, TokenAlphabet.Alnum);
        if (rest.StartsWith("xox")) return Fixed(ctx, anchor, 5, 10, 255, TokenAlphabet.AlnumDash);
        if (rest.StartsWith("glpat-")) return Fixed(ctx, anchor, 6, 20, 255, TokenAlphabet.UrlSafe);
        if (rest.StartsWith("sk-")) return Fixed(ctx, anchor, 3, 20, 255, TokenAlphabet.UrlSafe, needDigit: true);
        return Fixed(ctx, anchor, 8, 24, 255, TokenAlphabet.Alnum, needDigit: true); // Stripe: sk_live_, sk_test_, rk_live_, rk_test_, pk_live_ (24+ chars)
    }

    private enum TokenAlphabet { Alnum, UpperAlnum, UrlSafe, AlnumUnderscore, AlnumDash }

    private static bool IsTokenChar(char c, TokenAlphabet alphabet) => alphabet switch
    {
        TokenAlphabet.UpperAlnum => char.IsAsciiLetterUpper(c) || Chars.IsDigit(c),
        TokenAlphabet.UrlSafe => Chars.IsBase64Url(c),
        TokenAlphabet.AlnumUnderscore => Chars.IsAsciiAlnum(c) || c == '_',
        TokenAlphabet.AlnumDash => Chars.IsAsciiAlnum(c) || c == '-',
        _ => Chars.IsAsciiAlnum(c),
    };

    /// <summary>A prefix and a body of <paramref name="minLength"/>..<paramref name="maxLength"/> characters of one alphabet, not glued to a word after it.</summary>
    private static int Fixed(ScanContext ctx, int anchor, int prefixLength, int minLength, int maxLength, TokenAlphabet alphabet, bool needDigit = false)
    {
        string text = ctx.Text;
        int bodyStart = anchor + prefixLength;
        int end = bodyStart;
        bool digit = false;
        while (end < text.Length && end - bodyStart < maxLength + 1 && IsTokenChar(text[end], alphabet))
        {
            if (Chars.IsDigit(text[end])) digit = true;
            end++;
        }
        if (alphabet is TokenAlphabet.UrlSafe or TokenAlphabet.AlnumDash)
            while (end > bodyStart && text[end - 1] == '-') end--;
        int length = end - bodyStart;
        if (length < minLength || length > maxLength) return end;
        if (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) return end;
        if (needDigit && !digit) return end;
        if (Placeholders.IsPlaceholder(text.AsSpan(bodyStart, length))) return end;
        ctx.Add(EntityType.SECRET, anchor, end - anchor, Scores.VendorToken);
        return end;
    }
}
