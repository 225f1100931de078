using Econeura.Domain.Dlp;
using static Econeura.Domain.Tests.Dlp.DetectorTests;

namespace Econeura.Domain.Tests.Dlp;

/// <summary>Phones from the countries a Spanish company deals with, validated by libphonenumber (issue 13).</summary>
public class EuropeanPhoneTests
{
    [Theory]
    [InlineData("Call me on +44 (0)20 7946 0958 after lunch", "+44 (0)20 7946 0958")]
    [InlineData("Office: +44(0)161 496 0000", "+44(0)161 496 0000")]
    [InlineData("Büro +49 (0)30 901820", "+49 (0)30 901820")]
    [InlineData("my mobile is 07911 123456", "07911 123456")]
    [InlineData("text me at 07911123456 tonight", "07911123456")]
    [InlineData("07400123456", "07400123456")]
    [InlineData("Lisboa: 21 342 1234, obrigado", "21 342 1234")]
    [InlineData("Contacto en destino: 214 973 589 / maria@example.pt", "214 973 589")]
    [InlineData("telemóvel do Porto 22 208 1234", "22 208 1234")]
    [InlineData("Mi móvil en Italia es 347 123 4567", "347 123 4567")]
    [InlineData("cellulare 333 1234567", "333 1234567")]
    [InlineData("chiamami al 3331234567", "3331234567")]
    [InlineData("Berlin Büro: 030/12345678", "030/12345678")]
    [InlineData("München (089) 1234567", "(089) 1234567")]
    [InlineData("Handy 0151 12345678", "0151 12345678")]
    [InlineData("Bureau Paris 01 42 68 53 00", "01 42 68 53 00")]
    [InlineData("portable 06.12.34.56.78", "06.12.34.56.78")]
    [InlineData("tél 0612345678", "0612345678")]
    [InlineData("Amsterdam 020 123 4567", "020 123 4567")]
    [InlineData("bel me op 06-12345678", "06-12345678")]
    [InlineData("Brussel 02 123 45 67", "02 123 45 67")]
    [InlineData("gsm 0470 12 34 56", "0470 12 34 56")]
    public void National_and_international_formats(string text, string phone) => AssertFound(text, EntityType.PHONE, phone);

    [Theory]
    [InlineData("Pedido 214973589 enviado")]
    [InlineData("referencia 3331234567")]
    [InlineData("invalid card 3602 333739 4743")]
    [InlineData("lote 0612345678")]
    [InlineData("ID 07911123455")]
    [InlineData("Rechnung 030/12345678")]
    [InlineData("3331234567")]
    [InlineData("0612345678")]
    [InlineData("Población 214.973.589 habitantes")]
    public void Look_alikes_do_not_fire(string text) => AssertNone(text, EntityType.PHONE);

    [Theory]
    [InlineData("IMEI: 490154203237518")]
    [InlineData("IMEI 4901 5420 3237 5184")]
    [InlineData("ICCID de la SIM: 8934 0712 3456 7890 123")]
    [InlineData("SIM 4111111111111111")]
    public void Device_identifiers_are_neither_cards_nor_phones(string text)
    {
        AssertNone(text, EntityType.CREDIT_CARD);
        AssertNone(text, EntityType.PHONE);
    }

    [Theory]
    [InlineData("IBAN ES12 3456 7890 1234 5678 9012 (erróneo)")]
    [InlineData("IBAN DE00 4111 1111 1111 1111 78")]
    [InlineData("cuenta ES00 2100 0418 4502 0006 1234 mal copiada")]
    [InlineData("IBAN ES91 2100 0418 4502 0005 133")]
    public void Digits_inside_an_invalid_iban_are_neither_a_card_nor_a_phone(string text)
    {
        AssertNone(text, EntityType.CREDIT_CARD);
        AssertNone(text, EntityType.PHONE);
    }

    [Fact]
    public void A_phone_after_an_invalid_iban_is_still_found() =>
        AssertFound("IBAN ES12 3456 7890 1234 5678 9012 y tel 612 345 678", EntityType.PHONE, "612 345 678");
}
