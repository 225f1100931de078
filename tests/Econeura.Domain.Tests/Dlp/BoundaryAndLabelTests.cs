using Econeura.Domain.Dlp;

namespace Econeura.Domain.Tests.Dlp;

/// <summary>
/// Classes of misses found by an independent held-out set: CSV rows, spaced CIFs, bracketed IPv4, free-text password
/// labels, Spanish landline groupings and US EINs mistaken for phones. Every class has decoys that must stay silent.
/// </summary>
public class BoundaryAndLabelTests
{
    private static void AssertFound(string text, EntityType type, string value) => DetectorTests.AssertFound(text, type, value);

    private static void AssertNone(string text, EntityType? type = null) => DetectorTests.AssertNone(text, type);

    private static void AssertExactly(string text, params (EntityType Type, string Value)[] expected)
    {
        var findings = DlpScanner.Scan(text);
        var got = findings.Select(f => (f.Type, text.Substring(f.Start, f.Length))).ToList();
        Assert.Equal(expected.ToList(), got);
    }

    // ---------------- 1. CSV rows ----------------

    [Theory]
    [InlineData("646-309-0138")]
    [InlineData("(617) 799-8392")]
    [InlineData("628.547.1109")]
    [InlineData("+1 312 480 7256")]
    public void Csv_phone_between_commas_fires(string phone) =>
        AssertFound($"Grace,Kowalski,grace@x.co.uk,{phone},44075,2023-08-09", EntityType.PHONE, phone);

    [Fact]
    public void Csv_row_reports_phone_and_ssn_with_exact_offsets()
    {
        const string row = "Grace,Kowalski,grace.kowalski@hotmail.co.uk,646-309-0138,622-31-8749,44075,2023-08-09";
        var f = DlpScanner.Scan(row);
        Assert.Contains(f, x => x.Type == EntityType.PHONE && x.Start == 44 && x.Length == 12);
        Assert.Contains(f, x => x.Type == EntityType.US_SSN && x.Start == 57 && x.Length == 11);
        Assert.Equal(3, f.Count); // email, phone, ssn: not the zip or the date
    }

    [Fact]
    public void Csv_ssn_at_line_start_and_end_fires()
    {
        AssertFound("622-31-8749,Grace", EntityType.US_SSN, "622-31-8749");
        AssertFound("Grace,622-31-8749", EntityType.US_SSN, "622-31-8749");
        AssertFound("Grace;646-309-0138;x", EntityType.PHONE, "646-309-0138");
    }

    [Fact]
    public void Nanp_with_dots_fires_in_prose() => AssertFound("Call me at 628.547.1109 tomorrow.", EntityType.PHONE, "628.547.1109");

    [Theory]
    [InlineData("Total 1,234.56 USD")]
    [InlineData("Total: 12,345,678 units")]
    [InlineData("1,234,567.89")]
    [InlineData("Importe 1.234,56 € y 612,50 €")]
    [InlineData("id,order,amount\n1,1234567890,612.50\n2,1987654321,44.00")]
    [InlineData("name,cp,zip\nAna,28001,44075\nLuis,08011,20676")]
    [InlineData("release,date\nv1.2.3,2024-05-17\n10.4.1,2023-08-09")]
    [InlineData("a,2024-05-17,b,17/05/2024,c")]
    [InlineData("ticket,1234567890,2345678901,")]
    public void Csv_and_amount_decoys_do_not_fire(string text) => AssertNone(text);

    [Fact]
    public void Thousands_comma_still_glues_digits() => AssertNone("Balance 612,345,678 EUR y 1,612,345,678", EntityType.PHONE);

    [Fact]
    public void Csv_bare_ssn_under_ssn_header_fires()
    {
        const string csv = "first_name,last_name,email,phone,ssn,zip,signup_date\n"
            + "Ryan,Brown,ryan_brown@btinternet.com,(617) 799-8392,279471102,57285,2024-07-21\n"
            + "Daniel,Taylor,danieltaylor83@hotmail.co.uk,(213) 571-1466,108116154,20676,2023-06-24\r\n"
            + "Wei,Smith,\"Smith, Wei\",312.480.7256,410205501,21975,2025-12-01";
        AssertFound(csv, EntityType.US_SSN, "279471102");
        AssertFound(csv, EntityType.US_SSN, "108116154");
        AssertFound(csv, EntityType.US_SSN, "410205501");
        AssertFound(csv, EntityType.PHONE, "(213) 571-1466");
        AssertFound(csv, EntityType.PHONE, "312.480.7256");
    }

    [Fact]
    public void Csv_bare_nine_digits_outside_the_ssn_column_do_not_fire_as_ssn()
    {
        // the order column holds a valid-looking 9-digit number too: only the ssn column is reported
        const string csv = "id,ssn,order\n1,279471102,108116154";
        var ssns = DlpScanner.Scan(csv).Where(f => f.Type == EntityType.US_SSN).Select(f => csv.Substring(f.Start, f.Length)).ToList();
        Assert.Equal(new[] { "279471102" }, ssns);
    }

    [Theory]
    [InlineData("id,order,amount\n1,279471102,5")]
    [InlineData("id,ssn\nnotes about the export\n1,279471102,5")]
    [InlineData("ssn\nhello,279471102")]
    [InlineData("name,ssn\nAna,000123456")]
    [InlineData("name,ssn\nAna,987654321")]
    public void Csv_bare_nine_digits_without_an_ssn_header_do_not_fire(string csv) => AssertNone(csv, EntityType.US_SSN);

    [Fact]
    public void Csv_ssn_column_scan_is_linear_on_a_large_export()
    {
        var sb = new System.Text.StringBuilder("name,ssn,zip\n");
        for (int i = 0; i < 20000; i++) sb.Append("Ana,279471102,28001\n");
        var export = sb.ToString();
        var outcome = DlpScanner.Scan(export, ScanBudget.For(export));
        Assert.True(outcome.Succeeded);
        Assert.Equal(20000, outcome.Findings.Count(f => f.Type == EntityType.US_SSN));
    }

    // ---------------- 2. CIF with a space ----------------

    [Theory]
    [InlineData("Laboratorios Vialmed S.A. (CIF A 28509701):", "A 28509701")]
    [InlineData("con CIF A 28509701 y domicilio social", "A 28509701")]
    [InlineData("NIF: B 12345674", "B 12345674")]
    [InlineData("C.I.F. B-12345674", "B-12345674")]
    [InlineData("NIF de la empresa A 28509701.", "A 28509701")]
    public void Cif_with_space_or_hyphen_after_tax_word_fires(string text, string cif) => AssertFound(text, EntityType.ES_CIF, cif);

    [Theory]
    [InlineData("CIF A 28509702")] // bad checksum
    [InlineData("Grupo A 28509701 tiene")] // no tax-id word
    [InlineData("CIF A 2850970112")]
    [InlineData("Ref. CIF-A 28509701")]
    public void Cif_with_space_decoys_do_not_fire(string text) => AssertNone(text, EntityType.ES_CIF);

    // ---------------- 3. IPv4 boundaries ----------------

    [Theory]
    [InlineData("SSH into the build box (192.168.20.69) anymore")]
    [InlineData("host [192.168.20.69] down")]
    [InlineData("{\"ip\":\"192.168.20.69\"}")]
    [InlineData("ip='192.168.20.69'")]
    [InlineData("see http://192.168.20.69:8080/admin")]
    [InlineData("share \\\\192.168.20.69\\public")]
    [InlineData("«192.168.20.69»")]
    [InlineData("<192.168.20.69>")]
    public void Ipv4_inside_punctuation_fires(string text) => AssertFound(text, EntityType.IP_ADDRESS, "192.168.20.69");

    [Theory]
    [InlineData("firmware version 1.8.11.61")]
    [InlineData("build: 10.0.19041.1")]
    [InlineData("la versión es 4.2.1.0")]
    [InlineData("path/to/1.2.3.4.5")]
    public void Ipv4_version_decoys_do_not_fire(string text) => AssertNone(text, EntityType.IP_ADDRESS);

    // ---------------- 4. free-text password labels ----------------

    [Theory]
    [InlineData("Contraseña temporal: lima-azul-mango51\nTe pedirá cambiarla", "lima-azul-mango51")]
    [InlineData("Contraseña: C5o*Q+!*r%ggGTPxa", "C5o*Q+!*r%ggGTPxa")]
    [InlineData("Temporary password: Tq7-wx-Lp2.", "Tq7-wx-Lp2")]
    [InlineData("Your new password is: Hunter-77x, please change it.", "Hunter-77x")]
    [InlineData("La contraseña de acceso: Vb8(7)zz!", "Vb8(7)zz!")]
    [InlineData("Contraseña provisional: 48-mesa-roja?", "48-mesa-roja")]
    public void Password_after_free_text_label_fires(string text, string value) => AssertFound(text, EntityType.SECRET, value);

    [Theory]
    [InlineData("Contraseña temporal: se enviará por SMS")]
    [InlineData("Temporary password: <password>")]
    [InlineData("Your password is: ${TEMP_PASSWORD}")]
    [InlineData("Contraseña temporal: changeme1")]
    [InlineData("Password expires: 2024-05-17")]
    [InlineData("Password reset: https://example.com/reset")]
    [InlineData("The password is: ********")]
    [InlineData("Contraseña temporal: xxxxxxxx")]
    public void Password_label_placeholders_and_decoys_do_not_fire(string text) => AssertNone(text, EntityType.SECRET);

    // ---------------- 5. Spanish groupings ----------------

    [Theory]
    [InlineData("96 207 24 68")]
    [InlineData("91 123 45 67")]
    [InlineData("912 34 56 78")]
    [InlineData("912 345 678")]
    [InlineData("612 34 56 78")]
    [InlineData("612-345-678")]
    [InlineData("912.345.678")]
    [InlineData("912345678")]
    public void Spanish_groupings_fire(string phone)
    {
        AssertFound($"Llámanos al {phone} de 9 a 14h.", EntityType.PHONE, phone);
        AssertFound($"Dudas sobre la factura: facturacion@mardeplata.es · {phone}", EntityType.PHONE, phone);
    }

    [Fact]
    public void Email_between_keyword_and_number_does_not_carry_the_keyword() =>
        AssertExactly("Pedidos: pedidos@tienda.es · 96 207 24 68", (EntityType.EMAIL, "pedidos@tienda.es"), (EntityType.PHONE, "96 207 24 68"));

    [Theory]
    [InlineData("Pedido 96 207 24 68")]
    [InlineData("Factura nº 912 34 56 78")]
    [InlineData("Código postal 28001, 2024-05-17")]
    public void Spanish_grouping_decoys_do_not_fire(string text) => AssertNone(text, EntityType.PHONE);

    // ---------------- 6. US EIN ----------------

    [Theory]
    [InlineData("Employer EIN on my paystub is 70-1578570 if that helps.")]
    [InlineData("EIN: 12-3456789")]
    [InlineData("Tax ID 94-1234567")]
    public void Ein_is_never_a_phone(string text) => AssertNone(text, EntityType.PHONE);

    [Fact]
    public void Ein_does_not_hide_a_real_phone() =>
        AssertExactly("EIN 70-1578570, tel 646-309-0138", (EntityType.PHONE, "646-309-0138"));
}
