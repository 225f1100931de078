namespace Econeura.Domain.Dlp;

/// <summary>
/// Confidence of each kind of finding. Besides being reported, a score decides overlaps: when two candidates overlap,
/// the higher score wins, then the longer span (<see cref="DlpScanner"/>). So the order below is a design decision,
/// pinned by a test:
/// <list type="number">
/// <item>Proven over the whole span (1.0): a PEM private key block, an IBAN that passes mod-97.</item>
/// <item>A checksum or a vendor's fixed format (0.99): Luhn cards, prefixed tokens, signed JWTs, Slack webhooks. A card
/// is never out-scored by a phone reading of its digits (a contextual phone ties at most, and the card is longer).</item>
/// <item>Control letters (0.97 DNI/NIE, 0.95 CIF) over any unvalidated digit shape.</item>
/// <item>Secrets: the more specific shape wins an overlap, vendor token &gt; Bearer/Basic credential &gt; labelled
/// password &gt; labelled token, so <c>api_key=sk_live_…</c> reports the Stripe key, not the whole value.</item>
/// <item>Phones and SSNs by shape, raised or lowered by the words before them.</item>
/// </list>
/// </summary>
internal static class Scores
{
    public const double PrivateKeyBlock = 1.0;
    public const double Iban = 1.0;

    public const double Card = 0.99;
    public const double VendorToken = 0.99;
    public const double SignedJwt = 0.99;
    public const double SlackWebhook = 0.99;

    public const double SpanishPersonalId = 0.97;
    public const double SpanishCompanyId = 0.95;

    public const double Email = 0.95;
    public const double IpAddress = 0.9;

    public const double UriPassword = 0.95;
    public const double BearerToken = 0.95;
    public const double BasicCredential = 0.95;
    public const double LabelledPassword = 0.9;
    public const double LabelledToken = 0.85;

    public const double SsnAfterKeyword = 0.95;
    public const double SsnDashed = 0.85;
    public const double SsnNineDigitsInContext = 0.8;
    public const double SsnSpaced = 0.7;

    public const double InternationalPhone = 0.9;
    public const double GroupedSpanishPhone = 0.8;
    public const double NanpPhone = 0.8;
    public const double EuropeanNationalPhone = 0.7;
    public const double BareSpanishPhone = 0.6;
    public const double BareEuropeanPhone = 0.6;

    /// <summary>A phone word before the number ("tel", "móvil", "call") raises a phone's score up to <see cref="PhoneCeiling"/>.</summary>
    public const double PhoneWordBonus = 0.15;
    public const double PhoneCeiling = 0.99;

    /// <summary>A reference word ("pedido", "order") lowers an international phone's score down to <see cref="PhoneFloor"/>.</summary>
    public const double ReferenceWordPenalty = 0.2;
    public const double PhoneFloor = 0.5;
}
