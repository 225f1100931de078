using Econeura.Domain.Dlp;

namespace Econeura.Domain.Tests.Dlp;

/// <summary>Overlaps are won by the higher score, so the order of <see cref="Scores"/> is behaviour.</summary>
public class ScoresTests
{
    [Fact]
    public void Proven_structures_score_highest()
    {
        Assert.Equal(1.0, Scores.PrivateKeyBlock);
        Assert.Equal(1.0, Scores.Iban);
        Assert.True(Scores.Iban > Scores.Card);
    }

    [Fact]
    public void A_card_is_never_out_scored_by_a_phone_reading_of_its_digits()
    {
        Assert.True(Scores.Card >= Scores.PhoneCeiling);
        foreach (var phone in new[] { Scores.InternationalPhone, Scores.GroupedSpanishPhone, Scores.NanpPhone, Scores.EuropeanNationalPhone, Scores.BareSpanishPhone })
            Assert.True(Math.Min(Scores.PhoneCeiling, phone + Scores.PhoneWordBonus) <= Scores.Card);
    }

    [Fact]
    public void The_more_specific_secret_shape_wins()
    {
        Assert.True(Scores.VendorToken > Scores.BearerToken);
        Assert.True(Scores.SignedJwt > Scores.BearerToken);
        Assert.True(Scores.BearerToken > Scores.LabelledPassword);
        Assert.True(Scores.LabelledPassword > Scores.LabelledToken);
    }

    [Fact]
    public void Control_letters_beat_unvalidated_digit_shapes()
    {
        Assert.True(Scores.SpanishPersonalId > Scores.SpanishCompanyId);
        foreach (var guess in new[] { Scores.SsnDashed, Scores.SsnNineDigitsInContext, Scores.SsnSpaced, Scores.IpAddress, Scores.InternationalPhone })
            Assert.True(Scores.SpanishCompanyId > guess);
    }

    [Fact]
    public void Context_moves_a_phone_within_its_bounds()
    {
        Assert.True(Scores.PhoneFloor < Scores.BareSpanishPhone);
        Assert.True(Scores.InternationalPhone - Scores.ReferenceWordPenalty >= Scores.PhoneFloor);
        Assert.True(Scores.BareSpanishPhone + Scores.PhoneWordBonus < Scores.PhoneCeiling);
    }

    [Theory]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", 0.99)]
    [InlineData("api_key=sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", 0.99)]
    public void The_winner_of_an_overlap_is_reported_once(string text, string value, double score)
    {
        var finding = Assert.Single(DlpScanner.Scan(text));
        Assert.Equal(value, text.Substring(finding.Start, finding.Length));
        Assert.Equal(score, finding.Score);
    }
}
