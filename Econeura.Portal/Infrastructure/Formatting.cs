using System.Globalization;
using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;

namespace Econeura.Portal.Infrastructure;

/// <summary>
/// Amounts are always euros, written the way the reader's culture writes money; times are the reader's local time
/// (<see cref="ViewerTime"/> knows their zone).
/// </summary>
public static class Formatting
{
    /// <summary>
    /// Costs keep their four decimals; budgets and limits read better with two (<paramref name="decimals"/>). An amount
    /// below one euro keeps up to four, whatever is asked: a limit of 0,014 € written "0,01 €" beside "83 %" is wrong.
    /// </summary>
    public static string Euros(decimal amount, CultureInfo? culture = null, int decimals = 4)
    {
        var format = (NumberFormatInfo)(culture ?? CultureInfo.CurrentCulture).NumberFormat.Clone();
        format.CurrencySymbol = "€";
        if (Math.Abs(amount) < 1m) decimals = Math.Max(decimals, Math.Min(4, SignificantDecimals(amount)));
        return amount.ToString("C" + decimals.ToString(CultureInfo.InvariantCulture), format);
    }

    /// <summary>
    /// A price or a single call's cost as it is, never cut short: at least four decimals, and every further one it has
    /// ("0,00015 €" stays that, not "0,0001 €").
    /// </summary>
    public static string ExactEuros(decimal amount, CultureInfo? culture = null) =>
        Euros(amount, culture, Math.Max(4, SignificantDecimals(amount)));

    /// <summary>The decimals of <paramref name="amount"/> without trailing zeros (dividing by 1.000… drops them).</summary>
    public static int SignificantDecimals(decimal amount) => (amount / 1.0000000000000000000000000000m).Scale;

    /// <summary>Date and time to the minute in <paramref name="zone"/>: "25/11/2026 14:03".</summary>
    public static string Moment(DateTimeOffset at, TimeZoneInfo zone, CultureInfo? culture = null) =>
        TimeZoneInfo.ConvertTime(at, zone).DateTime.ToString("g", culture ?? CultureInfo.CurrentCulture);

    /// <summary>The time of day to the second in <paramref name="zone"/>, for steps that follow each other closely: "14:03:07".</summary>
    public static string Clock(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Everything, for a tooltip: "miércoles, 25 de noviembre de 2026 14:03:07 (Europe/Madrid, UTC+01:00)".</summary>
    public static string Exact(DateTimeOffset at, TimeZoneInfo zone, CultureInfo? culture = null)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return $"{local.DateTime.ToString("F", culture ?? CultureInfo.CurrentCulture)} ({zone.Id}, UTC{local.ToString("zzz", CultureInfo.InvariantCulture)})";
    }

    /// <summary>How long ago, in the reader's words: "hace 12 s" / "12 s ago"; the first seconds read "ahora mismo" / "just now".</summary>
    public static string Ago(TimeSpan elapsed, IStringLocalizer<Strings> strings) =>
        elapsed < TimeSpan.FromSeconds(5) ? strings["Time_JustNow"] : strings["Time_Ago", Span(elapsed)];

    /// <summary>The time from one step to the next: "+1,2 s" (tenths under ten seconds, where they tell steps apart), "+45 s", "+3 min".</summary>
    public static string Step(TimeSpan gap, CultureInfo? culture = null)
    {
        if (gap < TimeSpan.Zero) gap = TimeSpan.Zero;
        return gap.TotalSeconds < 10
            ? $"+{gap.TotalSeconds.ToString("0.0", culture ?? CultureInfo.CurrentCulture)} s"
            : $"+{Span(gap)}";
    }

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
