using System.Globalization;
using Econeura.Domain.Notifications;
using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;

namespace Econeura.Portal.Features.Notifications;

/// <summary>The notification pages' words: kinds, choices, statuses, and the settings' history as the forms show them.</summary>
public static class NotificationText
{
    public static string Kind(IStringLocalizer<Strings> l, NotificationKind kind) => l[$"Notify_Kind_{kind}"];

    public static string Choice(IStringLocalizer<Strings> l, NotificationChoice choice) => l[$"Notify_Choice_{choice}"];

    public static string Channel(IStringLocalizer<Strings> l, NotificationChannel channel) => l[$"Notify_Channel_{channel}"];

    public static string Status(IStringLocalizer<Strings> l, DeliveryStatus status) => l[$"Notify_Status_{status}"];

    /// <summary>A language named in itself ("Español", "English"), as the language switch names it.</summary>
    public static string Language(string culture)
    {
        var info = CultureInfo.GetCultureInfo(culture);
        return info.TextInfo.ToTitleCase(info.Parent.NativeName);
    }

    /// <summary>
    /// Both settings' history: "Default · New request: E-mail → Teams", "Reminder at: 50 % → 25 %", and a channel's
    /// address only as its hint (the stored value is encrypted and means nothing to a reader).
    /// </summary>
    public static SettingsWording History(IStringLocalizer<Strings> l) => new(
        field => field.Split('.') switch
        {
            ["defaults", var kind] when Enum.TryParse<NotificationKind>(kind, out var k) => $"{l["Notify_Default"]} · {Kind(l, k)}",
            ["chosen", var kind] when Enum.TryParse<NotificationKind>(kind, out var k) => Kind(l, k),
            ["reminderShare"] => l["Notify_ReminderShare"],
            ["digest"] => l["Notify_Digest"],
            ["culture"] => l["Mail_TenantLanguage"],
            ["teamsUrlHint"] => l["Notify_TeamsUrl"],
            ["webhookUrlHint"] => l["Notify_WebhookUrl"],
            ["teamsUrlProtected"] => $"{l["Notify_TeamsUrl"]} ({l["Notify_Encrypted"]})",
            ["webhookUrlProtected"] => $"{l["Notify_WebhookUrl"]} ({l["Notify_Encrypted"]})",
            _ => field,
        },
        (field, value) => field.Split('.') switch
        {
            ["teamsUrlProtected" or "webhookUrlProtected"] => l["Notify_Hidden"],
            ["defaults" or "chosen", _] when Enum.TryParse<NotificationChoice>(value, out var choice) => Choice(l, choice),
            ["reminderShare"] when double.TryParse(value, CultureInfo.InvariantCulture, out var share) => $"{share * 100:0.#} %",
            ["digest"] => l[value == "true" ? "Notify_DigestOn" : "Notify_DigestOff"],
            ["culture"] => Language(value),
            _ => value,
        });
}
