using System.Globalization;

namespace Econeura.Portal.Infrastructure;

/// <summary>Amounts are always euros, written the way the reader's culture writes money.</summary>
public static class Formatting
{
    /// <summary>Costs keep their four decimals; budgets and limits read better with two (<paramref name="decimals"/>).</summary>
    public static string Euros(decimal amount, CultureInfo? culture = null, int decimals = 4)
    {
        var format = (NumberFormatInfo)(culture ?? CultureInfo.CurrentCulture).NumberFormat.Clone();
        format.CurrencySymbol = "€";
        return amount.ToString("C" + decimals.ToString(CultureInfo.InvariantCulture), format);
    }

    public static string Moment(DateTimeOffset at, CultureInfo? culture = null) =>
        at.UtcDateTime.ToString("g", culture ?? CultureInfo.CurrentCulture) + " UTC";

    /// <summary>A duration as people say it: "45 s", "12 min", "3 h 20 min", "2 d 4 h"; a past deadline reads "0 s".</summary>
    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        return span switch
        {
            { TotalMinutes: < 1 } => $"{(int)span.TotalSeconds} s",
            { TotalHours: < 1 } => $"{(int)span.TotalMinutes} min",
            { TotalDays: < 1 } => span.Minutes == 0 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalHours} h {span.Minutes} min",
            _ => span.Hours == 0 ? $"{(int)span.TotalDays} d" : $"{(int)span.TotalDays} d {span.Hours} h",
        };
    }
}
