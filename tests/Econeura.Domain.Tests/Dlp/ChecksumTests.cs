using Econeura.Domain.Dlp;

namespace Econeura.Domain.Tests.Dlp;

public class ChecksumTests
{
    [Fact]
    public void Cif_public_examples_are_valid()
    {
        Assert.True(Checksums.IsValidCif('B', "1234567", '4'));
        Assert.True(Checksums.IsValidCif('A', "5881850", '1'));
        Assert.False(Checksums.IsValidCif('B', "1234567", 'D')); // B is digits-only
        Assert.True(Checksums.IsValidCif('P', "1234567", 'D'));  // P is letters-only, control 4 -> D
    }

    [Fact]
    public void Dni_and_nie()
    {
        Assert.True(Checksums.IsValidDni("12345678", 'Z'));
        Assert.False(Checksums.IsValidDni("12345678", 'A'));
        Assert.True(Checksums.IsValidNie('X', "1234567", 'L'));
    }

    [Fact]
    public void Iban_lengths_and_mod97()
    {
        Assert.Equal(24, Checksums.IbanLength('E', 'S'));
        Assert.Equal(18, Checksums.IbanLength('n', 'l'));
        Assert.True(Checksums.IsValidIban("GB29NWBK60161331926819"));
        Assert.False(Checksums.IsValidIban("GB28NWBK60161331926819"));
    }

    [Fact]
    public void Luhn_and_brand()
    {
        Assert.True(Checksums.IsValidCard("378282246310005"));
        Assert.False(Checksums.IsValidCard("378282246310006"));
        Assert.False(Checksums.IsValidCard("3782822463100050")); // Amex must be 15
    }

    [Fact]
    public void Entity_wire_names_are_exact()
    {
        string[] expected = { "EMAIL", "PHONE", "CREDIT_CARD", "IBAN", "ES_DNI", "ES_NIE", "ES_CIF", "US_SSN", "IP_ADDRESS", "SECRET" };
        Assert.Equal(expected, EntityTypeExtensions.All.Select(t => t.ToWireName()).ToArray());
        Assert.True(EntityTypeExtensions.TryParseWireName("US_SSN", out var t));
        Assert.Equal(EntityType.US_SSN, t);
        Assert.False(EntityTypeExtensions.TryParseWireName("3", out _));
    }

    [Theory]
    [InlineData("zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ0mLq17", true)]  // the example of GitHub's format description
    [InlineData("R8x2LmQ9vT4kW7pZ3nB6cY1dF5hJ0s3lVBYJ", true)]
    [InlineData("R8x2LmQ9vT4kW7pZ3nB6cY1dF5hJ0sA2eG8u", false)] // random tail
    [InlineData("zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ0mLq1", false)]  // 35 characters
    public void GitHub_token_checksum_is_crc32_in_base62(string body, bool valid) =>
        Assert.Equal(valid, Checksums.IsValidGitHubTokenBody(body));
}
