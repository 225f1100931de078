using System.Text;
using Econeura.Domain.Dlp;

namespace Econeura.Domain.Tests.Dlp;

public class RedactorTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("unit-test-key-only");

    [Fact]
    public void Mask_keeps_card_last4_and_separators()
    {
        var r = Redactor.Redact("card 4111 1111 1111 1111 ok", RedactionOperator.Mask);
        Assert.Equal("card **** **** **** 1111 ok", r.Redacted);
    }

    [Fact]
    public void Mask_rules_per_type()
    {
        Assert.Equal("ES** **** **** **** **** 1332", Redactor.Mask(EntityType.IBAN, "ES91 2100 0418 4502 0005 1332"));
        Assert.Equal("*** *** 678", Redactor.Mask(EntityType.PHONE, "612 345 678"));
        Assert.Equal("j*********@empresa.es", Redactor.Mask(EntityType.EMAIL, "juan.perez@empresa.es"));
        Assert.Equal("***-**-6789", Redactor.Mask(EntityType.US_SSN, "123-45-6789"));
        Assert.Equal("*****678Z", Redactor.Mask(EntityType.ES_DNI, "12345678Z"));
        Assert.Equal("********************", Redactor.Mask(EntityType.SECRET, "AKIAIOSFODNN7EXAMPLE"));
    }

    [Fact]
    public void Replace_numbers_per_type_and_reuses_numbers_for_equal_values()
    {
        string text = "Mail ANA@x.es or ana@x.es; cards 4111 1111 1111 1111 and 4111111111111111 and 5555555555554444; bob@y.com";
        var r = Redactor.Redact(text, RedactionOperator.Replace);
        Assert.Equal("Mail <EMAIL_1> or <EMAIL_1>; cards <CREDIT_CARD_1> and <CREDIT_CARD_1> and <CREDIT_CARD_2>; <EMAIL_2>", r.Redacted);
        Assert.Equal(3, r.CountsByType[EntityType.EMAIL]);
        Assert.Equal(3, r.CountsByType[EntityType.CREDIT_CARD]);
    }

    [Fact]
    public void Replace_normalises_phone_formats()
    {
        var r = Redactor.Redact("tel 612 345 678 o +34 612345678", RedactionOperator.Replace);
        Assert.Equal("tel <PHONE_1> o <PHONE_1>", r.Redacted);
    }

    [Fact]
    public void Hash_is_keyed_stable_and_correlates_equal_values()
    {
        string text = "a ana@x.es b ANA@x.es";
        var r1 = Redactor.Redact(text, RedactionOperator.Hash, Key);
        var r2 = Redactor.Redact(text, RedactionOperator.Hash, Key);
        var r3 = Redactor.Redact(text, RedactionOperator.Hash, Encoding.UTF8.GetBytes("other-key"));
        Assert.Equal(r1.Redacted, r2.Redacted);
        Assert.NotEqual(r1.Redacted, r3.Redacted);
        Assert.Matches("^a <EMAIL:[0-9a-f]{16}> b <EMAIL:[0-9a-f]{16}>$", r1.Redacted);
        var parts = r1.Redacted.Split(' ');
        Assert.Equal(parts[1], parts[3]);
        Assert.DoesNotContain("ana", r1.Redacted, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Hash_requires_a_key() =>
        Assert.Throws<ArgumentException>(() => Redactor.Redact("ana@x.es", RedactionOperator.Hash));

    [Fact]
    public void Operator_names_parse_and_findings_refer_to_original_text()
    {
        string text = "ana@x.es y 612345678";
        Assert.True(Redactor.TryParseOperator("replace", out var replace));
        var r = Redactor.Redact(text, DlpScanner.Scan(text), replace);
        Assert.Equal("<EMAIL_1> y <PHONE_1>", r.Redacted);
        Assert.Equal("612345678", text.Substring(r.Findings[1].Start, r.Findings[1].Length));
        Assert.False(Redactor.TryParseOperator("shred", out _));
        Assert.True(Redactor.TryParseOperator("MASK", out var op) && op == RedactionOperator.Mask);
    }

    [Theory]
    [InlineData(RedactionOperator.Replace)]
    [InlineData(RedactionOperator.Mask)]
    [InlineData(RedactionOperator.Hash)]
    public void Replacements_say_where_each_finding_was_written_in_the_redacted_text(RedactionOperator op)
    {
        string text = "Escribe a ana@x.es o llama al 612 345 678; IBAN ES91 2100 0418 4502 0005 1332.";
        var r = Redactor.Redact(text, op, Key);
        Assert.Equal(new[] { EntityType.EMAIL, EntityType.PHONE, EntityType.IBAN }, r.Replacements.Select(p => p.Type));
        int previousEnd = 0;
        for (int i = 0; i < r.Replacements.Count; i++)
        {
            var replacement = r.Replacements[i];
            Assert.True(replacement.Start >= previousEnd);
            string written = r.Redacted.Substring(replacement.Start, replacement.Length);
            string expected = op switch
            {
                RedactionOperator.Mask => Redactor.Mask(replacement.Type, text.Substring(r.Findings[i].Start, r.Findings[i].Length)),
                RedactionOperator.Replace => $"<{replacement.Type.ToWireName()}_1>",
                _ => $"<{replacement.Type.ToWireName()}:{Redactor.Hash(replacement.Type, text.Substring(r.Findings[i].Start, r.Findings[i].Length), Key)}>",
            };
            Assert.Equal(expected, written);
            previousEnd = replacement.End;
        }
    }

    [Fact]
    public void No_findings_returns_text_unchanged()
    {
        var r = Redactor.Redact("nothing here", RedactionOperator.Mask);
        Assert.Equal("nothing here", r.Redacted);
        Assert.Empty(r.Findings);
        Assert.Empty(r.Replacements);
    }
}
