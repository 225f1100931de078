using System.Globalization;
using System.Text.RegularExpressions;
using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;

namespace Econeura.Portal.Infrastructure.Settings;

/// <summary>
/// How a setting's history reads: each field labelled as its form labels it, each value written as the form shows it.
/// <paramref name="Label"/> takes a field's path without list positions ("thresholdsPercent", not "thresholdsPercent[1]"),
/// and answers null for a stored field the form does not show (an id, a copy of another field), which the history leaves out;
/// <paramref name="Value"/> takes that path and the stored JSON text of the value; <paramref name="Unset"/>, what the form
/// shows for a field that was not stored (a default), or null for "—".
/// </summary>
public sealed partial record SettingsWording(Func<string, string?> Label, Func<string, string, string> Value, Func<string, string?>? Unset = null)
{
    /// <summary>The stored paths and values, for settings whose page has no wording of its own.</summary>
    public static readonly SettingsWording AsStored = new(field => field, (_, value) => value);

    /// <summary>A value as the form shows it; a field not stored, as the form shows it when unset.</summary>
    public string ValueOf(string field, string? stored) => stored is null ? Unset?.Invoke(field) ?? "—" : Value(field, stored);

    /// <summary>A field's path without its list positions or item ids: older versions recorded each item of a list on its own.</summary>
    public static string FieldOf(string path) => ListPosition().Replace(path, "");

    /// <summary>A stored time span ("1.00:00:00") as people say it: "1 día", "4 h".</summary>
    public static string Duration(IStringLocalizer<Strings> l, string stored)
    {
        if (!TimeSpan.TryParse(stored, CultureInfo.InvariantCulture, out var span)) return stored;
        if (span.TotalDays >= 1 && span.Ticks % TimeSpan.TicksPerDay == 0)
            return span.TotalDays == 1 ? l["Duration_OneDay"] : l["Duration_Days", (int)span.TotalDays];
        return l["Duration_Hours", span.TotalHours.ToString("0.##", CultureInfo.CurrentCulture)];
    }

    /// <summary>A stored list of numbers ("[50,80,100]") as "50 % · 80 % · 100 %".</summary>
    public static string Percentages(string stored) =>
        string.Join(" · ", stored.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"{p} %"));

    /// <summary>A stored true or false as the form's switch reads: "Sí", "No".</summary>
    public static string Switch(IStringLocalizer<Strings> l, string stored) =>
        bool.TryParse(stored, out var on) ? l[on ? "Walk_SwitchOn" : "Walk_SwitchOff"] : stored;

    /// <summary>A stored number in the reader's culture: "0.25" is "0,25" in Spanish.</summary>
    public static string Number(string stored) =>
        decimal.TryParse(stored, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number.ToString(CultureInfo.CurrentCulture) : stored;

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex ListPosition();
}
