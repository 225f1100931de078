using Econeura.Domain.Dlp;
using static Econeura.Domain.Tests.Dlp.DetectorTests;

namespace Econeura.Domain.Tests.Dlp;

/// <summary>Real-world formats: irregular IBAN groupings, phone reference context, spaced/lower-case NIE, product codes, SSH remotes, webhooks.</summary>
public class RobustnessTests
{
    [Theory]
    [InlineData("IBAN: ES91 2100 0418 45 0200051332.", "ES91 2100 0418 45 0200051332")]
    [InlineData("IBAN: ES91-2100-0418-4502-0005-1332, gracias", "ES91-2100-0418-4502-0005-1332")]
    [InlineData("cuenta es91 2100 0418 45 0200051332 (BBVA)", "es91 2100 0418 45 0200051332")]
    [InlineData("IBAN:ES9121000418450200051332.", "ES9121000418450200051332")]
    [InlineData("Konto DE89 3704 0044 0532 0130 00; danke", "DE89 3704 0044 0532 0130 00")]
    [InlineData("wire to DE89 37040044 0532013000 today", "DE89 37040044 0532013000")]
    public void Iban_any_grouping_fires_with_exact_span(string text, string iban)
    {
        AssertFound(text, EntityType.IBAN, iban);
        Assert.Single(DlpScanner.Scan(text));
    }

    [Theory]
    [InlineData("IBAN: ES91 2100 0418 45 0200051333.")]
    [InlineData("IBAN: ES91-2100-0418-4502-0005-1333")]
    [InlineData("modelo AB12-345678 y DE12 3456 7890 1234 5678 00")]
    public void Iban_irregular_but_invalid_does_not_fire(string text) => AssertNone(text, EntityType.IBAN);

    [Fact]
    public void Invalid_iban_prefix_does_not_hide_a_following_phone() =>
        AssertFound("IBAN ES12-3456 y móvil 612 345 678", EntityType.PHONE, "612 345 678");

    [Theory]
    [InlineData("Te confirmo que el pedido que hiciste ayer por la tarde tiene el número 698765432 y llegará el lunes.")]
    [InlineData("Hemos recibido tu pedido con número 698765432")]
    [InlineData("Your order has been shipped and the tracking number is 612345678.")]
    [InlineData("El número de expediente asignado a su solicitud de ayer es 612345678.")]
    [InlineData("Su número de pedido es el 698765432, gracias")]
    [InlineData("El localizador de la reserva es 612345678")]
    [InlineData("Cliente nº 612345678")]
    [InlineData("account no 612345678")]
    [InlineData("albarán 612345678")]
    [InlineData("Factura emitida, nº 612345678, por 120 €")]
    [InlineData("Pedido nº: 698765432")]
    public void Phone_reference_context_suppresses(string text) => AssertNone(text, EntityType.PHONE);

    [Theory]
    [InlineData("Tel. 612 345 678", "612 345 678")]
    [InlineData("móvil: 612345678", "612345678")]
    [InlineData("llámame al 612 34 56 78", "612 34 56 78")]
    [InlineData("centralita +34 912 345 678", "+34 912 345 678")]
    [InlineData("móvil (+34) 612-345-678", "(+34) 612-345-678")]
    [InlineData("tel 0034 612345678", "0034 612345678")]
    [InlineData("call (415) 555-2671", "(415) 555-2671")]
    [InlineData("call 415-555-2671", "415-555-2671")]
    [InlineData("call +1 415 555 2671", "+1 415 555 2671")]
    [InlineData("office 020 7946 0958", "020 7946 0958")]
    [InlineData("bureau 01 42 68 53 00", "01 42 68 53 00")]
    [InlineData("Büro +49 30 901820", "+49 30 901820")]
    [InlineData("Büro 030 901820", "030 901820")]
    [InlineData("Roma +39 06 6982", "+39 06 6982")]
    [InlineData("Lisboa +351 21 342 1234", "+351 21 342 1234")]
    [InlineData("El cliente Juan Pérez (612 345 678) llamó ayer.", "612 345 678")]
    [InlineData("Para cualquier incidencia con el pedido llama al 612345678", "612345678")]
    [InlineData("Sobre la factura: mi móvil es 612345678", "612345678")]
    [InlineData("Código postal 28001 y 612345678", "612345678")]
    [InlineData("Ticket #4521: el cliente pide que le llamen al 612 345 678", "612 345 678")]
    public void Phone_real_numbers_still_fire(string text, string phone) => AssertFound(text, EntityType.PHONE, phone);

    /// <summary>Decision: Ofcom's fictional drama range is reported (libphonenumber says invalid, texts use it as a phone).</summary>
    [Theory]
    [InlineData("Call me: +44 7700 900461 today", "+44 7700 900461")]
    [InlineData("mobile 07700 900461", "07700 900461")]
    public void Phone_uk_drama_range_fires(string text, string phone) => AssertFound(text, EntityType.PHONE, phone);

    [Theory]
    [InlineData("NIE X 1234567 L del titular", EntityType.ES_NIE, "X 1234567 L")]
    [InlineData("NIE x1234567l", EntityType.ES_NIE, "x1234567l")]
    [InlineData("NIE X1234567L.", EntityType.ES_NIE, "X1234567L")]
    [InlineData("DNI 12345678z", EntityType.ES_DNI, "12345678z")]
    [InlineData("DNI: 12 345 678 Z, gracias.", EntityType.ES_DNI, "12 345 678 Z")]
    [InlineData("(DNI 12345678Z)", EntityType.ES_DNI, "12345678Z")]
    [InlineData("DNI 12345678Z; NIE X1234567L", EntityType.ES_DNI, "12345678Z")]
    public void Spanish_ids_spaced_lowercase_and_punctuated(string text, EntityType type, string value)
    {
        AssertFound(text, type, value);
        Assert.DoesNotContain(DlpScanner.Scan(text), f => f.Type == EntityType.PHONE);
    }

    [Theory]
    [InlineData("x1234567 is a hex id")]
    [InlineData("NIE x1234567 l")]
    public void Nie_lowercase_needs_compact_form(string text) => AssertNone(text, EntityType.ES_NIE);

    [Theory]
    [InlineData("SKU A58818501 agotado")]
    [InlineData("Producto B12345674 agotado")]
    [InlineData("código de artículo B12345674")]
    [InlineData("part SKU-A58818501")]
    [InlineData("Product code B12345674X")]
    public void Cif_shaped_product_codes_do_not_fire(string text) => AssertNone(text, EntityType.ES_CIF);

    [Theory]
    [InlineData("La empresa Acme S.L., con CIF A58818501, factura", "A58818501")]
    [InlineData("Proveedor: Talleres Ruiz S.L. (B-12345674)", "B-12345674")]
    public void Cif_in_company_context_fires(string text, string cif) => AssertFound(text, EntityType.ES_CIF, cif);

    [Theory]
    [InlineData("Tarjeta 4111 1111 1111 1111 123 caduca 08/27", "4111 1111 1111 1111")]
    [InlineData("card 4111111111111111 cvv 123", "4111111111111111")]
    [InlineData("card 4111-1111-1111-1111/123", "4111-1111-1111-1111")]
    public void Card_followed_by_cvv_reports_card_only(string text, string card)
    {
        AssertFound(text, EntityType.CREDIT_CARD, card);
        Assert.Single(DlpScanner.Scan(text));
    }

    [Theory]
    [InlineData("git clone git@github.com:org/repo.git")]
    [InlineData("remote: git@gitlab.com")]
    [InlineData("scp deploy@host.example.com:/srv/app.tar.gz .")]
    [InlineData("ana [at] x.com")]
    public void Email_ssh_remotes_do_not_fire(string text) => AssertNone(text, EntityType.EMAIL);

    [Theory]
    [InlineData("<a href=\"mailto:ana@x.com\">Ana</a>", "ana@x.com")]
    [InlineData("mailto:ana.garcia@empresa.es", "ana.garcia@empresa.es")]
    [InlineData("escribe a juan+facturas@mail.empresa.es, gracias", "juan+facturas@mail.empresa.es")]
    [InlineData("Email: ana@x.com: ok", "ana@x.com")]
    public void Email_mailto_tags_subdomains(string text, string email) => AssertFound(text, EntityType.EMAIL, email);

    [Theory]
    [InlineData("webhook https://hooks.slack.com/services/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 ok", "https://hooks.slack.com/services/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")]
    [InlineData("Authorization: Bearer abcdEFGH1234ijklMNOP5678qrst", "abcdEFGH1234ijklMNOP5678qrst")]
    [InlineData("key=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY")]
    [InlineData("stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_4eC39HqLyjWDarjtT1zdp7dc")]
    [InlineData("stripe rk_live_51H8xYzABCdefGHIjklMNOpq", "rk_live_51H8xYzABCdefGHIjklMNOpq")]
    [InlineData("password: Hunter2!x", "Hunter2!x")]
    [InlineData("contraseña: Verano2024#", "Verano2024#")]
    [InlineData("DB_PASSWORD=S3cr3t!x", "S3cr3t!x")]
    [InlineData("{\"password\": \"hunter2!\"}", "hunter2!")]
    public void Secrets_real_world(string text, string secret) => AssertFound(text, EntityType.SECRET, secret);

    [Fact]
    public void Pem_in_json_with_escaped_newlines()
    {
        string pem = "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----";
        AssertFound("{\"private_key\": \"" + pem + "\\n\", \"x\": 1}", EntityType.SECRET, pem);
    }

    /// <summary>Decision: dummy stems followed only by digits ("password123", "changeme1") are placeholders.</summary>
    [Theory]
    [InlineData("password: ${DB_PASSWORD}")]
    [InlineData("password: <password>")]
    [InlineData("password: ****")]
    [InlineData("password: xxx")]
    [InlineData("password: changeme")]
    [InlineData("password: your-password-here")]
    [InlineData("password: password123")]
    [InlineData("DB_PASSWORD=changeme1")]
    [InlineData("https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX")]
    [InlineData("stripe sk_live_short1")]
    public void Secret_placeholders_do_not_fire(string text) => AssertNone(text, EntityType.SECRET);

    [Theory]
    [InlineData("upstream 10.0.0.1:8080 down", "10.0.0.1")]
    [InlineData("listen [2001:db8::1]:443", "2001:db8::1")]
    [InlineData("client ::ffff:192.0.2.128 connected", "::ffff:192.0.2.128")]
    public void Ip_in_logs(string text, string ip) => AssertFound(text, EntityType.IP_ADDRESS, ip);

    [Theory]
    [InlineData("version 1.2.3.4")]
    [InlineData("v1.2.3.4")]
    [InlineData("build 10.0.19041.1")]
    [InlineData("OID 1.3.6.1.4.1.311")]
    [InlineData("fecha 2024.05.17")]
    public void Ip_shaped_non_ips_do_not_fire(string text) => AssertNone(text, EntityType.IP_ADDRESS);

    [Fact]
    public void Ssn_rules()
    {
        AssertFound("SSN: 123-45-6789", EntityType.US_SSN, "123-45-6789");
        AssertFound("SSN 123456789", EntityType.US_SSN, "123456789");
        AssertNone("ITIN 912-70-1234", EntityType.US_SSN);
        AssertNone("Employee ID 123456789", EntityType.US_SSN);
    }
}
