using System.Globalization;

namespace Econeura.Portal.Infrastructure;

/// <summary>Amounts are always euros, written the way the reader's culture writes money.</summary>
public static class Formatting
{
    public static string Euros(decimal amount, CultureInfo? culture = null)
    {
        var format = (NumberFormatInfo)(culture ?? CultureInfo.CurrentCulture).NumberFormat.Clone();
        format.CurrencySymbol = "€";
        return amount.ToString("C4", format);
    }

    public static string Moment(DateTimeOffset at, CultureInfo? culture = null) =>
        at.UtcDateTime.ToString("g", culture ?? CultureInfo.CurrentCulture) + " UTC";
}
