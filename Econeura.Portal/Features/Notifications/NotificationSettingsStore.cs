using Econeura.Domain.Notifications;
using Econeura.Portal.Infrastructure.Egress;
using Microsoft.AspNetCore.DataProtection;

namespace Econeura.Portal.Features.Notifications;

/// <summary>
/// What an admin submits: a channel address left null keeps the stored one, an empty one removes it; a null culture
/// keeps the tenant's language.
/// </summary>
public sealed record TenantNotificationForm(
    IReadOnlyDictionary<NotificationKind, NotificationChoice> Defaults, double ReminderShare, string? TeamsUrl, string? WebhookUrl, long Version,
    string? Culture = null);

public enum NotificationSettingsProblem
{
    ReminderShare,
    NotAnAddress,
    AddressNotAllowed,
    Language,
}

public abstract record NotificationSettingsSave
{
    public sealed record Saved : NotificationSettingsSave;

    public sealed record Invalid(IReadOnlyList<(string Field, NotificationSettingsProblem Problem)> Problems) : NotificationSettingsSave;

    public sealed record Stale : NotificationSettingsSave;
}

/// <summary>The tenant's notification settings and each person's choices, both with history.</summary>
public sealed class NotificationSettingsStore(VersionedSettings settings, IDataProtectionProvider protection, EgressPolicy egress)
{
    public async Task<NotificationSettings> TenantAsync(string tenantId, CancellationToken cancellationToken = default) =>
        await settings.LoadAsync<NotificationSettings>(tenantId, NotificationSettings.DocumentId, cancellationToken) ?? new NotificationSettings();

    public async Task<PersonalNotificationSettings> PersonAsync(string tenantId, string userId, CancellationToken cancellationToken = default) =>
        await settings.LoadAsync<PersonalNotificationSettings>(tenantId, PersonalNotificationSettings.DocumentIdOf(userId), cancellationToken)
        ?? new PersonalNotificationSettings { Id = PersonalNotificationSettings.DocumentIdOf(userId) };

    public async Task<NotificationSettingsSave> SaveTenantAsync(PortalUser user, TenantNotificationForm form, CancellationToken cancellationToken = default)
    {
        var problems = new List<(string, NotificationSettingsProblem)>();
        if (!ReminderSchedule.IsValidShare(form.ReminderShare)) problems.Add(("reminderShare", NotificationSettingsProblem.ReminderShare));
        foreach (var (field, url) in new[] { ("teamsUrl", form.TeamsUrl), ("webhookUrl", form.WebhookUrl) })
        {
            if (string.IsNullOrWhiteSpace(url)) continue;
            if (url.Length > Econeura.Domain.FinOps.AlertChannelRules.LongestUrl || !Econeura.Domain.Agents.AgentRules.IsHttpAddress(url.Trim()))
                problems.Add((field, NotificationSettingsProblem.NotAnAddress));
            else if (!await egress.AllowsAddressAsync(url.Trim(), user.TenantId, cancellationToken))
                problems.Add((field, NotificationSettingsProblem.AddressNotAllowed));
        }
        if (form.Culture is not null && PortalUi.SupportedCultures.All(c => c.Name != form.Culture))
            problems.Add(("culture", NotificationSettingsProblem.Language));
        if (problems.Count > 0) return new NotificationSettingsSave.Invalid(problems);

        var current = await TenantAsync(user.TenantId, cancellationToken);
        var protector = Protector(user.TenantId);
        var document = new NotificationSettings
        {
            Version = form.Version,
            Defaults = new Dictionary<NotificationKind, NotificationChoice>(form.Defaults),
            ReminderShare = form.ReminderShare,
            Culture = form.Culture ?? current.Culture,
            TeamsUrlProtected = form.TeamsUrl is null ? current.TeamsUrlProtected : Protect(protector, form.TeamsUrl),
            TeamsUrlHint = form.TeamsUrl is null ? current.TeamsUrlHint : Hint(form.TeamsUrl),
            WebhookUrlProtected = form.WebhookUrl is null ? current.WebhookUrlProtected : Protect(protector, form.WebhookUrl),
            WebhookUrlHint = form.WebhookUrl is null ? current.WebhookUrlHint : Hint(form.WebhookUrl),
        };
        return await settings.SaveAsync(user.TenantId, document, user, cancellationToken, unsaved: new NotificationSettings())
            ? new NotificationSettingsSave.Saved()
            : new NotificationSettingsSave.Stale();
    }

    public async Task<bool> SavePersonAsync(PortalUser user, IReadOnlyDictionary<NotificationKind, NotificationChoice> chosen, bool digest, long version,
        CancellationToken cancellationToken = default)
    {
        var id = PersonalNotificationSettings.DocumentIdOf(user.UserId);
        var document = new PersonalNotificationSettings { Id = id, Version = version, Chosen = new(chosen), Digest = digest };
        return await settings.SaveAsync(user.TenantId, document, user, cancellationToken, unsaved: new PersonalNotificationSettings { Id = id });
    }

    public Task<IReadOnlyList<SettingsChange>> TenantHistoryAsync(string tenantId, CancellationToken cancellationToken = default) =>
        settings.HistoryAsync<NotificationSettings>(tenantId, NotificationSettings.DocumentId, cancellationToken: cancellationToken);

    public Task<IReadOnlyList<SettingsChange>> PersonHistoryAsync(string tenantId, string userId, CancellationToken cancellationToken = default) =>
        settings.HistoryAsync<PersonalNotificationSettings>(tenantId, PersonalNotificationSettings.DocumentIdOf(userId), cancellationToken: cancellationToken);

    /// <summary>The address of a tenant channel, decrypted only to post to it.</summary>
    public string? ChannelUrl(string tenantId, NotificationSettings tenant, NotificationChannel channel)
    {
        var stored = channel switch
        {
            NotificationChannel.Teams => tenant.TeamsUrlProtected,
            NotificationChannel.Webhook => tenant.WebhookUrlProtected,
            _ => null,
        };
        return stored is null ? null : Protector(tenantId).Unprotect(stored);
    }

    /// <summary>Bound to the tenant: a value copied into another tenant's settings does not open there.</summary>
    private IDataProtector Protector(string tenantId) => protection.CreateProtector("Econeura.Notifications.ChannelUrl", tenantId);

    private static string? Protect(IDataProtector protector, string url) => url.Trim() is { Length: > 0 } trimmed ? protector.Protect(trimmed) : null;

    /// <summary>Enough to recognise the address, not to use it: the host and its last four characters.</summary>
    public static string? Hint(string url) =>
        url.Trim() is { Length: > 0 } trimmed && Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            ? $"{uri.Host}/…{trimmed[^Math.Min(4, trimmed.Length)..]}"
            : null;
}
