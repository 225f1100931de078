using Econeura.Domain.Dlp;

namespace Econeura.Domain.Tests.Dlp;

public class DetectorTests
{
    /// <summary>Asserts that <paramref name="value"/> (located inside <paramref name="text"/>) is reported exactly once, with exact offsets.</summary>
    internal static void AssertFound(string text, EntityType type, string value)
    {
        int start = text.IndexOf(value, StringComparison.Ordinal);
        Assert.True(start >= 0, "test bug: value not in text");
        var findings = DlpScanner.Scan(text);
        Assert.Contains(findings, f => f.Type == type && f.Start == start && f.Length == value.Length);
    }

    internal static void AssertNone(string text, EntityType? type = null)
    {
        var findings = DlpScanner.Scan(text);
        var relevant = type is null ? findings : findings.Where(f => f.Type == type).ToList();
        Assert.True(relevant.Count == 0, "unexpected: " + string.Join(", ", relevant.Select(f => $"{f.Type} '{text.Substring(f.Start, f.Length)}'")));
    }

    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("4012888888881881")]
    [InlineData("5555555555554444")]
    [InlineData("5105105105105100")]
    [InlineData("378282246310005")]
    [InlineData("4111 1111 1111 1111")]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("3782 822463 10005")]
    [InlineData("6011111111111117")]
    [InlineData("3530111333300000")]
    [InlineData("2223003122003222")]
    public void Card_valid_fires_with_exact_offsets(string card) =>
        AssertFound($"Pago con tarjeta {card}, caduca 08/27.", EntityType.CREDIT_CARD, card);

    [Theory]
    [InlineData("4111111111111112")]
    [InlineData("4111 1111 1111 1112")]
    [InlineData("1234567812345678")]
    [InlineData("9111111111111111")]
    public void Card_luhn_or_brand_invalid_does_not_fire(string card) => AssertNone($"card {card} rejected", EntityType.CREDIT_CARD);

    [Fact]
    public void Card_is_not_also_reported_as_phone()
    {
        var findings = DlpScanner.Scan("tel 4111 1111 1111 1111");
        Assert.Single(findings);
        Assert.Equal(EntityType.CREDIT_CARD, findings[0].Type);
    }

    [Theory]
    [InlineData("ES9121000418450200051332")]
    [InlineData("ES91 2100 0418 4502 0005 1332")]
    [InlineData("DE89370400440532013000")]
    [InlineData("GB29NWBK60161331926819")]
    [InlineData("GB29 NWBK 6016 1331 9268 19")]
    [InlineData("FR1420041010050500013M02606")]
    [InlineData("NL91ABNA0417164300")]
    [InlineData("es9121000418450200051332")]
    public void Iban_valid_fires(string iban) => AssertFound($"IBAN: {iban}.", EntityType.IBAN, iban);

    [Theory]
    [InlineData("ES9121000418450200051333")]
    [InlineData("ES91 2100 0418 4502 0005 1333")]
    [InlineData("DE89370400440532013001")]
    [InlineData("ES912100041845020005133")]
    public void Iban_invalid_does_not_fire(string iban) => AssertNone($"IBAN: {iban}.");

    [Theory]
    [InlineData("12345678Z")]
    [InlineData("12345678-Z")]
    [InlineData("12.345.678-Z")]
    [InlineData("00000000T")]
    public void Dni_valid_fires(string dni) => AssertFound($"DNI {dni} del titular", EntityType.ES_DNI, dni);

    [Theory]
    [InlineData("12345678A")]
    [InlineData("12345678-B")]
    [InlineData("12.345.678-A")]
    public void Dni_wrong_letter_does_not_fire(string dni) => AssertNone($"DNI {dni} del titular");

    [Theory]
    [InlineData("X1234567L")]
    [InlineData("X-1234567-L")]
    [InlineData("Y1234567X")]
    [InlineData("Z1234567R")]
    public void Nie_valid_fires(string nie) => AssertFound($"NIE {nie}.", EntityType.ES_NIE, nie);

    [Theory]
    [InlineData("X1234567A")]
    [InlineData("W1234567L")]
    public void Nie_invalid_does_not_fire(string nie) => AssertNone($"NIE {nie}.", EntityType.ES_NIE);

    [Theory]
    [InlineData("B12345674")]
    [InlineData("A58818501")]
    [InlineData("Q2826000H")]
    [InlineData("B-12345674")]
    public void Cif_valid_fires(string cif) => AssertFound($"CIF {cif}.", EntityType.ES_CIF, cif);

    [Theory]
    [InlineData("B12345675")]
    [InlineData("Q28260008")] // Q requires a letter control
    [InlineData("A5881850A")] // A requires a digit control
    public void Cif_invalid_does_not_fire(string cif) => AssertNone($"CIF {cif}.", EntityType.ES_CIF);

    [Theory]
    [InlineData("123-45-6789")]
    [InlineData("123 45 6789")]
    [InlineData("078-05-1120")]
    public void Ssn_valid_fires(string ssn) => AssertFound($"Employee SSN {ssn} on file", EntityType.US_SSN, ssn);

    [Fact]
    public void Ssn_bare_needs_context()
    {
        AssertFound("SSN: 123456789", EntityType.US_SSN, "123456789");
        AssertNone("Batch 123456789 processed", EntityType.US_SSN);
    }

    [Theory]
    [InlineData("000-12-3456")]
    [InlineData("666-12-3456")]
    [InlineData("900-12-3456")]
    [InlineData("123-00-4567")]
    [InlineData("123-45-0000")]
    public void Ssn_invalid_does_not_fire(string ssn) => AssertNone($"SSN {ssn}", EntityType.US_SSN);

    [Theory]
    [InlineData("192.168.1.1")]
    [InlineData("10.0.0.1")]
    [InlineData("127.0.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("2001:db8::1")]
    [InlineData("2001:0db8:85a3:0000:0000:8a2e:0370:7334")]
    [InlineData("::1")]
    [InlineData("::ffff:192.168.1.1")]
    [InlineData("fe80::1ff:fe23:4567:890a")]
    public void Ip_valid_fires(string ip) => AssertFound($"connection from {ip} refused", EntityType.IP_ADDRESS, ip);

    [Fact]
    public void Ip_with_port_and_cidr_reports_address_only()
    {
        AssertFound("host 10.0.0.5:8080 up", EntityType.IP_ADDRESS, "10.0.0.5");
        AssertFound("subnet 10.0.0.0/24 ok", EntityType.IP_ADDRESS, "10.0.0.0");
    }

    [Theory]
    [InlineData("256.1.1.1")]
    [InlineData("01.02.03.04")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1.2.3")]
    [InlineData("v10.0.401")]
    [InlineData("10:30:45")]
    [InlineData("00:1A:2B:3C:4D:5E")]
    [InlineData("std::vector")]
    public void Ip_decoys_do_not_fire(string s) => AssertNone($"value {s} here", EntityType.IP_ADDRESS);

    [Theory]
    [InlineData("juan.perez@empresa.es")]
    [InlineData("JUAN@EMPRESA.ES")]
    [InlineData("a.b-c+tag@sub.domain.co.uk")]
    [InlineData("maria.lópez@correo.es")]
    public void Email_valid_fires(string email) => AssertFound($"Escribe a <{email}>.", EntityType.EMAIL, email);

    [Fact]
    public void Email_trailing_dot_is_excluded() => AssertFound("mail me at ana@correo.es.", EntityType.EMAIL, "ana@correo.es");

    [Theory]
    [InlineData("user@localhost")]
    [InlineData("foo@bar")]
    [InlineData("@Override")]
    [InlineData("john.doe@")]
    [InlineData("a..b@x.com")]
    public void Email_invalid_does_not_fire(string s) => AssertNone($"value {s} here", EntityType.EMAIL);

    [Theory]
    [InlineData("Mi móvil es 612 345 678", "612 345 678")]
    [InlineData("Llámame al 612345678", "612345678")]
    [InlineData("tel. 91 123 45 67", "91 123 45 67")]
    [InlineData("+34 612345678 urgente", "+34 612345678")]
    [InlineData("whatsapp 0034 612 34 56 78", "0034 612 34 56 78")]
    [InlineData("call (415) 555-2671 today", "(415) 555-2671")]
    [InlineData("call +1 415-555-2671 today", "+1 415-555-2671")]
    [InlineData("London +44 20 7946 0958", "+44 20 7946 0958")]
    [InlineData("Paris +33 6 12 34 56 78", "+33 6 12 34 56 78")]
    [InlineData("Berlin +49 30 901820", "+49 30 901820")]
    [InlineData("Lisboa +351 912 345 678", "+351 912 345 678")]
    [InlineData("Roma +39 347 123 4567", "+39 347 123 4567")]
    public void Phone_valid_fires(string text, string phone) => AssertFound(text, EntityType.PHONE, phone);

    [Theory]
    [InlineData("Pedido 612345678 enviado")]
    [InlineData("Factura nº 698765432")]
    [InlineData("Ref: 612345678")]
    [InlineData("Order #612345678 shipped")]
    [InlineData("Invoice 612345678")]
    [InlineData("Expediente 612345678")]
    [InlineData("Ticket 612345678 cerrado")]
    [InlineData("Fecha 2024-05-17 10:30")]
    [InlineData("el 17/05/2024")]
    [InlineData("importe 1.234,56 € y $1,234.56")]
    [InlineData("version 1.2.3 y v10.0.401")]
    [InlineData("uuid 550e8400-e29b-41d4-a716-446655440000")]
    [InlineData("commit a94a8fe5ccb19ba61c4c0873d391e987982fbbd3 and 3f786850e387550fdab836ed7d6dc881de23001b")]
    [InlineData("INV-2024-612345678")]
    public void Decoys_do_not_fire(string text) => AssertNone(text);

    [Fact]
    public void Phone_context_raises_confidence()
    {
        var bare = DlpScanner.Scan("612345678").Single();
        var ctx = DlpScanner.Scan("teléfono 612345678").Single();
        Assert.True(ctx.Score > bare.Score);
    }

    [Theory]
    [InlineData("AKIAJQ7Y3ZPLX5WTRM2K")]
    [InlineData("ASIAY34FZKBOKMUTVV7A")]
    [InlineData("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")]
    [InlineData("github_pat_11ABCDEFG0123456789abc_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVW")]
    [InlineData("xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx")]
    [InlineData("sk-proj-abc123DEF456ghi789JKL012mno345")]
    [InlineData("sk-abcdefghijklmnopqrstuvwxyz1234")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")]
    public void Secret_tokens_fire(string token) => AssertFound($"token: {token} (rotate!)", EntityType.SECRET, token);

    [Fact]
    public void Pem_private_key_whole_block_is_the_finding()
    {
        string pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAn1pMVSEDO4EPzQxKgAakFxRgMGiewWZFAktenWo5aMt/OIso\nabcdEFGH1234==\n-----END RSA PRIVATE KEY-----";
        AssertFound($"key:\n{pem}\nthanks", EntityType.SECRET, pem);
        AssertNone("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", EntityType.SECRET);
    }

    [Theory]
    [InlineData("Server=db;User Id=sa;Password=S3cr3t!;Database=x", "S3cr3t!")]
    [InlineData("Host=db;Pwd=abc123;", "abc123")]
    [InlineData("postgres://admin:Sup3rS3cret@db.internal:5432/app", "Sup3rS3cret")]
    [InlineData("https://user:pa55w0rd@git.example.com/x.git", "pa55w0rd")]
    [InlineData("{\"password\": \"hunter2!\"}", "hunter2!")]
    [InlineData("DB_PASSWORD=Tr0ub4dor&3", "Tr0ub4dor&3")]
    public void Passwords_report_the_password_part_only(string text, string pwd) => AssertFound(text, EntityType.SECRET, pwd);

    [Theory]
    [InlineData("Password=${DB_PASSWORD};")]
    [InlineData("password=<password>")]
    [InlineData("Pwd=****;")]
    [InlineData("Password=changeme;")]
    [InlineData("postgres://app:${PG_PASS}@db:5432/app")]
    [InlineData("api_key=YOUR_API_KEY")]
    [InlineData("sk-xxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("task-manager-service-abcdefghijklmnop")]
    [InlineData("Password: must be long")]
    public void Placeholders_are_not_secrets(string text) => AssertNone(text, EntityType.SECRET);

    [Fact]
    public void Findings_are_sorted_and_non_overlapping()
    {
        string text = "ana@x.es 612345678 4111111111111111 ES9121000418450200051332 12345678Z 10.0.0.1 AKIAJQ7Y3ZPLX5WTRM2K";
        var f = DlpScanner.Scan(text);
        Assert.Equal(7, f.Count);
        for (int i = 1; i < f.Count; i++) Assert.True(f[i].Start >= f[i - 1].End);
    }

    [Fact]
    public void Offsets_are_utf16_code_units()
    {
        string text = "😀 ñandú 612 345 678";
        AssertFound(text, EntityType.PHONE, "612 345 678");
    }
}
