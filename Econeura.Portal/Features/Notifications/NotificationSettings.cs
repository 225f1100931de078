using Econeura.Domain.Notifications;
using Marten.Schema;

namespace Econeura.Portal.Features.Notifications;

/// <summary>
/// A tenant's notification channels and defaults, as its admins set them. The channel addresses are credentials (a
/// Teams Workflows URL carries its signature), so they are kept encrypted with the portal's key ring and only a hint
/// ("host/…a1b2") is ever shown or written to the history.
/// </summary>
public sealed class NotificationSettings : ISettingsDocument
{
    public const string DocumentId = "notifications";

    public string Id { get; set; } = DocumentId;

    [Version]
    public long Version { get; set; }

    public Dictionary<NotificationKind, NotificationChoice> Defaults { get; set; } = new(NotificationPreferences.BuiltInDefaults);

    /// <summary>The share of a request's time to its next deadline after which its approvers are reminded.</summary>
    public double ReminderShare { get; set; } = ReminderSchedule.DefaultShare;

    /// <summary>
    /// The tenant's language: its shared channels (Teams, webhook) are read by many, so a message there is written in
    /// this, not in the language of whoever it happens to name first.
    /// </summary>
    public string Culture { get; set; } = PortalUi.SupportedCultures[0].Name;

    public string? TeamsUrlProtected { get; set; }
    public string? TeamsUrlHint { get; set; }
    public string? WebhookUrlProtected { get; set; }
    public string? WebhookUrlHint { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One person's choices; a kind they did not choose follows the tenant's default.</summary>
public sealed class PersonalNotificationSettings : ISettingsDocument
{
    public static string DocumentIdOf(string userId) => $"notify:{userId}";

    public string Id { get; set; } = "";

    [Version]
    public long Version { get; set; }

    public Dictionary<NotificationKind, NotificationChoice> Chosen { get; set; } = [];

    /// <summary>Mail once a day instead of one message each.</summary>
    public bool Digest { get; set; }

    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }

    public PersonChoices Choices => new(Chosen, Digest);
}
