using System.Globalization;
using System.Xml.Linq;
using Econeura.Portal.Infrastructure;

namespace Econeura.Portal.Tests.Agents;

public sealed class LocalizationTests
{
    private static HashSet<string> Keys(string file) =>
        XDocument.Load(Path.Combine(Econeura.Testing.Repository.Root, "Econeura.Portal", "Resources", file))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();

    [Fact]
    public void Every_english_string_has_a_spanish_translation_and_back() =>
        Assert.Equal(Keys("Strings.resx").Order(), Keys("Strings.es.resx").Order());

    [Theory]
    [InlineData("es-ES", "1.234,5000 €")]
    [InlineData("en-GB", "€1,234.5000")]
    public void Amounts_are_euros_written_the_way_the_culture_writes_money(string culture, string expected) =>
        Assert.Equal(expected, Formatting.Euros(1234.5m, new CultureInfo(culture)));
}
