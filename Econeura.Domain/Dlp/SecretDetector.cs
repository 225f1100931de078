using System.Buffers;

namespace Econeura.Domain.Dlp;

/// <summary>
/// Pass 2: prefix-anchored secrets found with one vectorised multi-string search (SearchValues&lt;string&gt;): AWS key ids,
/// GitHub (checksum verified), GitLab, Slack, OpenAI, Stripe secret/restricted/webhook keys, SendGrid and Google keys
/// here; JWTs, PEM private keys, Bearer and Basic credentials and Slack webhooks in their own detectors. Public by design,
/// so not looked for: Stripe publishable keys (pk_live_, pk_test_).
/// </summary>
internal static class SecretDetector
{
    private static readonly string[] Prefixes =
    {
        "AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-",
        "eyJ", "-----BEGIN", "sk-", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "AIza", "glpat-", "Bearer ", "Basic ", "basic ",
        "hooks.slack.com/", "SG.", "whsec_",
    };

    internal static readonly SearchValues<string> Anchors = SearchValues.Create(Prefixes, StringComparison.Ordinal);

    public static void ScanAll(ScanContext context) => PrefixPass.Run(context, Anchors, Process);

    private static int Process(ScanContext context, int anchor)
    {
        string text = context.Text;
        var rest = text.AsSpan(anchor);
        char first = rest[0];
        if (first == '-') return PemDetector.Process(context, anchor);
        if (first == 'B' && rest[1] == 'e') return BearerDetector.Process(context, anchor);
        if (first is 'B' or 'b') return BasicCredentialDetector.Process(context, anchor);
        if (first == 'h') return SlackWebhookDetector.Process(context, anchor);
        // a token is not glued to a preceding word
        if (anchor > 0 && (char.IsLetterOrDigit(text[anchor - 1]) || text[anchor - 1] is '_' or '-' or '+' or '/')) return anchor + 1;
        if (first == 'e') return JwtDetector.Process(context, anchor);
        if (rest.StartsWith("AKIA") || rest.StartsWith("ASIA")) return Fixed(context, anchor, 4, 16, 16, TokenAlphabet.UpperAlnum);
        if (rest.StartsWith("AIza")) return Fixed(context, anchor, 4, 35, 35, TokenAlphabet.UrlSafe);
        if (rest.StartsWith("github_pat_")) return Fixed(context, anchor, 11, 22, 255, TokenAlphabet.AlnumUnderscore);
        if (rest.StartsWith("gh")) return GitHubToken(context, anchor);
        if (rest.StartsWith("SG.")) return SendGridKey(context, anchor);
        if (rest.StartsWith("whsec_")) return Fixed(context, anchor, 6, 24, 255, TokenAlphabet.Alnum);
        if (rest.StartsWith("xox")) return Fixed(context, anchor, 5, 10, 255, TokenAlphabet.AlnumDash);
        if (rest.StartsWith("glpat-")) return Fixed(context, anchor, 6, 20, 255, TokenAlphabet.UrlSafe);
        if (rest.StartsWith("sk-")) return Fixed(context, anchor, 3, 20, 255, TokenAlphabet.UrlSafe, needDigit: true);
        return Fixed(context, anchor, 8, 24, 255, TokenAlphabet.Alnum, needDigit: true); // Stripe: sk_live_, sk_test_, rk_live_, rk_test_ (24+ chars)
    }

    private enum TokenAlphabet { Alnum, UpperAlnum, UrlSafe, AlnumUnderscore, AlnumDash }

    private static bool IsTokenChar(char character, TokenAlphabet alphabet) => alphabet switch
    {
        TokenAlphabet.UpperAlnum => char.IsAsciiLetterUpper(character) || Chars.IsDigit(character),
        TokenAlphabet.UrlSafe => Chars.IsBase64Url(character),
        TokenAlphabet.AlnumUnderscore => Chars.IsAsciiAlnum(character) || character == '_',
        TokenAlphabet.AlnumDash => Chars.IsAsciiAlnum(character) || character == '-',
        _ => Chars.IsAsciiAlnum(character),
    };

    /// <summary>
    /// A prefix and a body of <paramref name="minLength"/>..<paramref name="maxLength"/> characters of one alphabet, not glued
    /// to a word after it.
    /// </summary>
    private static int Fixed(ScanContext context, int anchor, int prefixLength, int minLength, int maxLength, TokenAlphabet alphabet, bool needDigit = false)
    {
        if (TryReadToken(context.Text, anchor, prefixLength, minLength, maxLength, alphabet, needDigit, out int end))
            context.Add(EntityType.SECRET, anchor, end - anchor, Scores.VendorToken);
        return end;
    }

    /// <summary>
    /// ghp_, gho_, ghu_, ghs_: exactly 36 characters after the prefix, the last 6 a CRC32 of the 30 before them, so a token
    /// whose checksum fails was made up (docs, tests, look-alikes) and is not reported. Refresh tokens (ghr_) may be longer;
    /// the checksum is checked when they have the same length.
    /// </summary>
    private static int GitHubToken(ScanContext context, int anchor)
    {
        const int PrefixLength = 4, DocumentedBodyLength = 36;
        if (!TryReadToken(context.Text, anchor, PrefixLength, DocumentedBodyLength, 255, TokenAlphabet.Alnum, needDigit: false, out int end)) return end;
        int bodyLength = end - anchor - PrefixLength;
        bool refreshToken = context.Text[anchor + 2] == 'r';
        if (bodyLength != DocumentedBodyLength && !refreshToken) return end;
        if (bodyLength == DocumentedBodyLength
            && !Checksums.IsValidGitHubTokenBody(context.Text.AsSpan(anchor + PrefixLength, DocumentedBodyLength)))
            return end;
        context.Add(EntityType.SECRET, anchor, end - anchor, Scores.VendorToken);
        return end;
    }

    /// <summary>SendGrid API keys: "SG." + 22 characters + "." + 43 characters (base64url).</summary>
    private static int SendGridKey(ScanContext context, int anchor)
    {
        const int IdLength = 22, SecretLength = 43;
        string text = context.Text;
        int dot = anchor + 3 + IdLength;
        if (dot >= text.Length || text[dot] != '.' || !IsRunOf(text, anchor + 3, IdLength, TokenAlphabet.UrlSafe)) return anchor + 3;
        int end = dot + 1 + SecretLength;
        if (end > text.Length || !IsRunOf(text, dot + 1, SecretLength, TokenAlphabet.UrlSafe)) return dot;
        if (end < text.Length && Chars.IsBase64Url(text[end])) return end;
        if (Placeholders.IsPlaceholder(text.AsSpan(dot + 1, SecretLength))) return end;
        context.Add(EntityType.SECRET, anchor, end - anchor, Scores.VendorToken);
        return end;
    }

    private static bool IsRunOf(string text, int start, int length, TokenAlphabet alphabet)
    {
        if (start + length > text.Length) return false;
        foreach (char character in text.AsSpan(start, length))
            if (!IsTokenChar(character, alphabet)) return false;
        return true;
    }

    /// <summary>
    /// Reads the body after a prefix; true when it has the right length and alphabet, is not glued to a word after it, has a
    /// digit when one is needed, and is not a placeholder. <paramref name="end"/> is where the body stops either way.
    /// </summary>
    private static bool TryReadToken(
        string text, int anchor, int prefixLength, int minLength, int maxLength, TokenAlphabet alphabet, bool needDigit, out int end)
    {
        int bodyStart = anchor + prefixLength;
        end = bodyStart;
        bool digit = false;
        while (end < text.Length && end - bodyStart < maxLength + 1 && IsTokenChar(text[end], alphabet))
        {
            if (Chars.IsDigit(text[end])) digit = true;
            end++;
        }
        if (alphabet is TokenAlphabet.UrlSafe or TokenAlphabet.AlnumDash)
            while (end > bodyStart && text[end - 1] == '-') end--;
        int length = end - bodyStart;
        if (length < minLength || length > maxLength) return false;
        if (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) return false;
        if (needDigit && !digit) return false;
        return !Placeholders.IsPlaceholder(text.AsSpan(bodyStart, length));
    }
}
