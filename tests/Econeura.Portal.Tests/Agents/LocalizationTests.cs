using System.Globalization;

namespace Econeura.Portal.Tests.Agents;

public sealed class LocalizationTests
{
    [Theory]
    [InlineData("es-ES", "1.234,5000 €")]
    [InlineData("en-GB", "€1,234.5000")]
    public void Amounts_are_euros_written_the_way_the_culture_writes_money(string culture, string expected) =>
        Assert.Equal(expected, Formatting.Euros(1234.5m, new CultureInfo(culture)));
}
