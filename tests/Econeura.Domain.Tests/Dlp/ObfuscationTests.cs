using System.Text;
using Econeura.Domain.Dlp;
using static Econeura.Domain.Tests.Dlp.DetectorTests;

namespace Econeura.Domain.Tests.Dlp;

/// <summary>
/// Values hidden from a plain scan by a character that changes nothing to a reader: invisible format characters inside them,
/// fullwidth or small variants of '@' and ASCII, spaces around '@' or between a DNI's digit groups. Each is found at its
/// span in the original text, redacted whole, and seen by a Block policy.
/// </summary>
public class ObfuscationTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("unit-test-key-only");

    public static TheoryData<string, EntityType, string> Variants => new()
    {
        { "mail ana\u200b@contoso.es now", EntityType.EMAIL, "ana\u200b@contoso.es" },
        { "mail ana@\u200bcontoso.es now", EntityType.EMAIL, "ana@\u200bcontoso.es" },
        { "mail ana@contoso\u200b.es now", EntityType.EMAIL, "ana@contoso\u200b.es" },
        { "mail an\u200ca@contoso.es now", EntityType.EMAIL, "an\u200ca@contoso.es" },
        { "mail an\u200da@contoso.es now", EntityType.EMAIL, "an\u200da@contoso.es" },
        { "mail an\u00ada@contoso.es now", EntityType.EMAIL, "an\u00ada@contoso.es" },
        { "mail an\u2060a@contoso.es now", EntityType.EMAIL, "an\u2060a@contoso.es" },
        { "mail an\ufeffa@contoso.es now", EntityType.EMAIL, "an\ufeffa@contoso.es" },
        { "mail an\u200ea@contoso.es now", EntityType.EMAIL, "an\u200ea@contoso.es" },
        { "mail an\u202ea@contoso.es now", EntityType.EMAIL, "an\u202ea@contoso.es" },
        { "mail an\U000E0041a@contoso.es now", EntityType.EMAIL, "an\U000E0041a@contoso.es" }, // a Unicode tag character
        { "mail ana\ufe0f@contoso.es now", EntityType.EMAIL, "ana\ufe0f@contoso.es" }, // a variation selector
        { "mail ana\uff20contoso.es now", EntityType.EMAIL, "ana\uff20contoso.es" },
        { "mail ana\ufe6bcontoso.es now", EntityType.EMAIL, "ana\ufe6bcontoso.es" },
        { "mail ａｎａ＠ｃｏｎｔｏｓｏ．ｅｓ now", EntityType.EMAIL, "ａｎａ＠ｃｏｎｔｏｓｏ．ｅｓ" },
        { "mail ana @ contoso.es now", EntityType.EMAIL, "ana @ contoso.es" },
        { "mail ana@ contoso.es now", EntityType.EMAIL, "ana@ contoso.es" },
        { "mail ana @contoso.es now", EntityType.EMAIL, "ana @contoso.es" },
        { "mail ana.garcia @ contoso.com now", EntityType.EMAIL, "ana.garcia @ contoso.com" },
        { "mail ana\u2009@\u2009contoso.es now", EntityType.EMAIL, "ana\u2009@\u2009contoso.es" },
        { "IBAN ES91\u200b2100 0418 4502 0005 1332 ok", EntityType.IBAN, "ES91\u200b2100 0418 4502 0005 1332" },
        { "IBAN ES91\u200b2100\u200b0418\u200b4502\u200b0005\u200b1332 ok", EntityType.IBAN, "ES91\u200b2100\u200b0418\u200b4502\u200b0005\u200b1332" },
        { "IBAN ES91 21\u00ad00 0418 4502 0005 1332 ok", EntityType.IBAN, "ES91 21\u00ad00 0418 4502 0005 1332" },
        { "IBAN ＥＳ９１２１０００４１８４５０２０００５１３３２ ok", EntityType.IBAN, "ＥＳ９１２１０００４１８４５０２０００５１３３２" },
        { "DNI 1234 5678 Z ok", EntityType.ES_DNI, "1234 5678 Z" },
        { "DNI 1234-5678-Z ok", EntityType.ES_DNI, "1234-5678-Z" },
        { "DNI 1234.5678-Z ok", EntityType.ES_DNI, "1234.5678-Z" },
        { "DNI 12.345.678-Z ok", EntityType.ES_DNI, "12.345.678-Z" },
        { "DNI 1234\u200b5678Z ok", EntityType.ES_DNI, "1234\u200b5678Z" },
        { "DNI １２３４５６７８Ｚ ok", EntityType.ES_DNI, "１２３４５６７８Ｚ" },
        { "NIE X\u200b1234567L ok", EntityType.ES_NIE, "X\u200b1234567L" },
        { "NIE X 1234567 L ok", EntityType.ES_NIE, "X 1234567 L" },
        { "card 4111\u200b1111 1111 1111 ok", EntityType.CREDIT_CARD, "4111\u200b1111 1111 1111" },
        { "card 4111\u00ad1111\u00ad1111\u00ad1111 ok", EntityType.CREDIT_CARD, "4111\u00ad1111\u00ad1111\u00ad1111" },
        { "Tel. 612\u200b345 678 ok", EntityType.PHONE, "612\u200b345 678" },
        { "Tel. +34\u200b612 345 678 ok", EntityType.PHONE, "+34\u200b612 345 678" },
        { "Tel. 612\u2009345\u2009678 ok", EntityType.PHONE, "612\u2009345\u2009678" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void A_hidden_value_is_found_at_its_span_in_the_original_text(string text, EntityType type, string value)
    {
        AssertFound(text, type, value);
        Assert.Single(DlpScanner.Scan(text));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Redacting_the_original_text_replaces_the_whole_value_and_the_invisible_characters_inside_it(string text, EntityType type, string value)
    {
        int start = text.IndexOf(value, StringComparison.Ordinal);
        string expected = text[..start] + "<" + type.ToWireName() + "_1>" + text[(start + value.Length)..];
        Assert.Equal(expected, Redactor.Redact(text, RedactionOperator.Replace).Redacted);
    }

    [Fact]
    public void Positions_after_removed_characters_refer_to_the_original_text()
    {
        string text = "\u200b\u200d\U000E0041 ＡＮＡ＠ｃｏｎｔｏｓｏ．ｅｓ y\u00ad luego pepe\u200b@contoso.es";
        var findings = DlpScanner.Scan(text);
        Assert.Equal(
            [(EntityType.EMAIL, "ＡＮＡ＠ｃｏｎｔｏｓｏ．ｅｓ"), (EntityType.EMAIL, "pepe\u200b@contoso.es")],
            findings.Select(f => (f.Type, text.Substring(f.Start, f.Length))));
    }

    [Fact]
    public void Masking_keeps_no_invisible_character_and_hides_a_fullwidth_local_part()
    {
        Assert.Equal("mail a**@contoso.es now", Redactor.Redact("mail ana\u200b@contoso.es now", RedactionOperator.Mask).Redacted);
        Assert.Equal("mail a**@contoso.es now", Redactor.Redact("mail ana＠contoso.es now", RedactionOperator.Mask).Redacted);
        Assert.Equal("mail a**@contoso.es now", Redactor.Redact("mail ａｎａ＠ｃｏｎｔｏｓｏ．ｅｓ now", RedactionOperator.Mask).Redacted);
        Assert.Equal("mail a**@contoso.es now", Redactor.Redact("mail ana @ contoso.es now", RedactionOperator.Mask).Redacted);
        Assert.Equal("IBAN ES** **** **** **** **** 1332 ok", Redactor.Redact("IBAN ES91 \u200b2100 0418 4502 0005 1332 ok", RedactionOperator.Mask).Redacted);
        Assert.Equal("IBAN ES******************1332 ok", Redactor.Redact("IBAN ＥＳ９１２１０００４１８４５０２０００５１３３２ ok", RedactionOperator.Mask).Redacted);
        Assert.Equal("card **** **** **** 1111 ok", Redactor.Redact("card 4111\u200b 1111 1111 1111 ok", RedactionOperator.Mask).Redacted);
    }

    [Fact]
    public void A_hidden_value_is_numbered_and_hashed_as_the_plain_value()
    {
        string text = "ana@contoso.es, ana\u200b@contoso.es, ana＠contoso.es, ana @ contoso.es";
        Assert.Equal("<EMAIL_1>, <EMAIL_1>, <EMAIL_1>, <EMAIL_1>", Redactor.Redact(text, RedactionOperator.Replace).Redacted);
        Assert.Equal(Redactor.Hash(EntityType.EMAIL, "ana@contoso.es", Key), Redactor.Hash(EntityType.EMAIL, "ana\u200b@contoso.es", Key));
        Assert.Equal(Redactor.Hash(EntityType.IBAN, "ES9121000418450200051332", Key), Redactor.Hash(EntityType.IBAN, "ＥＳ９１２１０００４１８４５０２０００５１３３２", Key));
    }

    [Theory]
    [InlineData("Envíalo a ana\u200b@contoso.es, por favor")]
    [InlineData("Envíalo a ana＠contoso.es, por favor")]
    [InlineData("Envíalo a ana @ contoso.es, por favor")]
    public void A_block_policy_blocks_a_hidden_address(string prompt)
    {
        var policy = new DlpPolicy(DlpAction.Redact, new Dictionary<EntityType, DlpAction> { [EntityType.EMAIL] = DlpAction.Block });
        var result = DlpEngine.Process(prompt, policy, RedactionOperator.Replace);
        Assert.Equal(DlpAction.Block, result.Decision.Action);
        Assert.Equal(EntityType.EMAIL, Assert.Single(result.Decision.Reasons).EntityType);
        Assert.Equal("Envíalo a <EMAIL_1>, por favor", result.Redaction!.Redacted);
    }

    [Theory]
    [InlineData("meet @ 5 in room 3")]
    [InlineData("x @ y")]
    [InlineData("ping me @ 5pm at contoso.es")]
    [InlineData("thanks @ana.garcia for the review")]
    [InlineData("see you @home.office tomorrow")]
    [InlineData("thanks @Ana.Es for the review")]
    [InlineData("y = x @ self.weights + b")]
    [InlineData("logits = h @ W.T")]
    [InlineData("cc @ john.smith")]
    [InlineData("Reunión @ sala.grande a las 10")]
    [InlineData("price: 3 @ 4.50 each")]
    [InlineData("ana @")]
    [InlineData("@ contoso.es")]
    public void Spaced_at_signs_in_prose_and_code_are_not_addresses(string text) => AssertNone(text, EntityType.EMAIL);

    [Theory]
    [InlineData("DNI 1234 5678 A")] // wrong control letter
    [InlineData("ref 1234 5678 z")] // lower case after a space is a word, not a control letter
    [InlineData("12345 678 Z")]
    [InlineData("1234 5678 9012 Z")]
    [InlineData("1234 5678 ZETA")]
    public void Spaced_digit_groups_that_are_not_a_valid_dni_stay_negative(string text) => AssertNone(text, EntityType.ES_DNI);

    [Theory]
    [InlineData("Hello\u200b world, no data here")]
    [InlineData("ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ ｗｉｔｈ ｎｏ ｄａｔａ")]
    [InlineData("emoji ❤\ufe0f and family 👨\u200d👩\u200d👧 and مرحبا\u200f")]
    public void Text_with_invisible_or_fullwidth_characters_and_no_value_stays_clean(string text) => AssertNone(text);
}
