using Econeura.Domain.Dlp;
using static Econeura.Domain.Tests.Dlp.DetectorTests;

namespace Econeura.Domain.Tests.Dlp;

/// <summary>Spanish tax ids written as EU VAT numbers or with dots, dashes and spaces (issue 13).</summary>
public class SpanishVatIdTests
{
    [Theory]
    [InlineData("NIF-IVA ESB12345674", "B12345674", EntityType.ES_CIF)]
    [InlineData("VAT ID: ESB12345674", "B12345674", EntityType.ES_CIF)]
    [InlineData("USt-IdNr. des Kunden: ESA28509701", "A28509701", EntityType.ES_CIF)]
    [InlineData("N° TVA intracommunautaire ESB12345674.", "B12345674", EntityType.ES_CIF)]
    [InlineData("VAT ES-B12345674", "B12345674", EntityType.ES_CIF)]
    [InlineData("VAT: ES B12345674", "B12345674", EntityType.ES_CIF)]
    [InlineData("autónomo, NIF-IVA ES12345678Z", "12345678Z", EntityType.ES_DNI)]
    [InlineData("VAT ESX1234567L", "X1234567L", EntityType.ES_NIE)]
    [InlineData("Proveedor: Talleres Ruiz, S.L. — B-12.345.674 — Calle Mayor 1", "B-12.345.674", EntityType.ES_CIF)]
    [InlineData("CIF B12.345.674", "B12.345.674", EntityType.ES_CIF)]
    [InlineData("Datos fiscales de la empresa, C.I.F.: B 12345674", "B 12345674", EntityType.ES_CIF)]
    [InlineData("VAT number of the supplier: B 12345674", "B 12345674", EntityType.ES_CIF)]
    public void Vat_and_punctuated_forms(string text, string id, EntityType type) => AssertFound(text, type, id);

    [Theory]
    [InlineData("SKU ESB12345674 en stock")]
    [InlineData("VAT ESB12345675")]
    [InlineData("ES12345678A no es un NIF")]
    [InlineData("pedido B-12.345.675")]
    [InlineData("Tabla B 12345674")]
    [InlineData("ref ESB12345674")]
    public void Look_alikes_do_not_fire(string text)
    {
        AssertNone(text, EntityType.ES_CIF);
        AssertNone(text, EntityType.ES_DNI);
        AssertNone(text, EntityType.ES_NIE);
    }
}
