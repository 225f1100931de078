using System.Globalization;
using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Econeura.Portal.Tests.Infrastructure;

public sealed class FormattingTests
{
    private static readonly DateTimeOffset Winter = new(2026, 11, 25, 13, 3, 7, TimeSpan.Zero);
    private static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Theory]
    [InlineData("es-ES", "Europe/Madrid", "25/11/2026 14:03")]
    [InlineData("en-GB", "Europe/Madrid", "25/11/2026 14:03")]
    [InlineData("en-GB", "America/New_York", "25/11/2026 08:03")]
    public void A_moment_is_written_in_the_readers_zone_and_culture(string culture, string zone, string expected) =>
        Assert.Equal(expected, Formatting.Moment(Winter, TimeZoneInfo.FindSystemTimeZoneById(zone), new CultureInfo(culture)));

    [Theory]
    [InlineData("0.00015", "en-GB", "€0.00015")]
    [InlineData("0.000150", "en-GB", "€0.00015")]
    [InlineData("0.0006", "es-ES", "0,0006 €")]
    [InlineData("0.00000042", "es-ES", "0,00000042 €")]
    [InlineData("2", "en-GB", "€2.0000")]
    public void A_price_or_a_calls_cost_keeps_every_decimal_it_has_and_at_least_four(string amount, string culture, string expected) =>
        Assert.Equal(expected, Formatting.ExactEuros(decimal.Parse(amount, CultureInfo.InvariantCulture), new CultureInfo(culture)).Replace('\u00A0', ' '));

    [Theory]
    [InlineData("0.014", "es-ES", "0,014 €")]
    [InlineData("0.0145678", "es-ES", "0,0146 €")]
    [InlineData("0.5", "en-GB", "€0.50")]
    [InlineData("12.345", "es-ES", "12,35 €")]
    public void A_limit_below_one_euro_keeps_the_decimals_that_make_it_honest(string amount, string culture, string expected) =>
        Assert.Equal(expected, Formatting.Euros(decimal.Parse(amount, CultureInfo.InvariantCulture), new CultureInfo(culture), decimals: 2)
            .Replace('\u00A0', ' '));

    [Fact]
    public void Summer_time_is_the_zones_own()
    {
        var summer = new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal("14:00:00", Formatting.Clock(summer, Madrid));
        Assert.Equal("08:00:00", Formatting.Clock(summer, NewYork));
    }

    [Fact]
    public void The_exact_time_names_the_date_the_second_and_the_zone()
    {
        Assert.Equal("miércoles, 25 de noviembre de 2026 14:03:07 (Europe/Madrid, UTC+01:00)", Formatting.Exact(Winter, Madrid, new CultureInfo("es-ES")));
        Assert.Equal("Wednesday, 25 November 2026 08:03:07 (America/New_York, UTC-05:00)", Formatting.Exact(Winter, NewYork, new CultureInfo("en-GB")));
    }

    [Theory]
    [InlineData("es-ES", 12, "hace 12 s")]
    [InlineData("en-GB", 12, "12 s ago")]
    [InlineData("es-ES", 300, "hace 5 min")]
    [InlineData("en-GB", 2, "just now")]
    [InlineData("es-ES", 2, "ahora mismo")]
    public void How_long_ago_is_said_in_the_readers_language(string culture, int seconds, string expected)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);

        Assert.Equal(expected, Formatting.Ago(TimeSpan.FromSeconds(seconds), Strings()));
    }

    [Theory]
    [InlineData("es-ES", 1200, "+1,2 s")]
    [InlineData("en-GB", 1200, "+1.2 s")]
    [InlineData("es-ES", 45_000, "+45 s")]
    [InlineData("es-ES", 180_000, "+3 min")]
    public void The_gap_between_steps_keeps_tenths_only_where_they_tell_steps_apart(string culture, int milliseconds, string expected) =>
        Assert.Equal(expected, Formatting.Step(TimeSpan.FromMilliseconds(milliseconds), new CultureInfo(culture)));

    private static IStringLocalizer<Strings> Strings() =>
        new StringLocalizer<Strings>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));
}
