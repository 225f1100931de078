using Econeura.Portal.Features.Agents.Routing;
using Econeura.Portal.Infrastructure.Egress;
using Marten.Schema;
using Econeura.Portal.Resources;
using Microsoft.Extensions.Localization;
using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

/// <summary>A tenant's budget alert channels, as its finance staff set them (one document per tenant).</summary>
public sealed class AlertChannelSettings : ISettingsDocument
{
    public const string DocumentId = "alert-channels";

    public string Id { get; set; } = DocumentId;

    [Version]
    public long Version { get; set; }
    public List<AlertChannel> Channels { get; set; } = [];
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}

public abstract record AlertChannelsSave
{
    public sealed record Saved(AlertChannelSettings Settings) : AlertChannelsSave;

    public sealed record Invalid(IReadOnlyList<(string Field, AlertChannelProblem Problem)> Problems) : AlertChannelsSave;

    public sealed record Stale : AlertChannelsSave;
}

/// <summary>
/// Each tenant's own alert channels. A channel's secret is named, and its value read from the tenant's secret store
/// (<see cref="AgentSecrets"/>) only when an alert is posted; an address must be one the tenant may call (<see cref="EgressPolicy"/>).
/// </summary>
public sealed class AlertChannels(VersionedSettings settings, AgentSecrets secrets, EgressPolicy egress)
{
    public async Task<AlertChannelSettings> LoadAsync(string tenantId, CancellationToken cancellationToken = default) =>
        await settings.LoadAsync<AlertChannelSettings>(tenantId, AlertChannelSettings.DocumentId, cancellationToken) ?? new AlertChannelSettings();

    public async Task<IReadOnlyList<Guid>> IdsAsync(string tenantId, CancellationToken cancellationToken = default) =>
        (await LoadAsync(tenantId, cancellationToken)).Channels.Select(c => c.Id).ToList();

    /// <summary>Saves over exactly <paramref name="version"/>; a channel without an id is a new one and gets one.</summary>
    public async Task<AlertChannelsSave> SaveAsync(PortalUser user, IReadOnlyList<AlertChannel> channels, long version,
        CancellationToken cancellationToken = default)
    {
        var tidy = channels.Select(c => new AlertChannel(c.Id == Guid.Empty ? Guid.CreateVersion7() : c.Id, (c.Name ?? "").Trim(), (c.Url ?? "").Trim(),
            string.IsNullOrWhiteSpace(c.SecretHeader) ? null : c.SecretHeader.Trim(), string.IsNullOrWhiteSpace(c.SecretName) ? null
                : c.SecretName.Trim())).ToList();
        var problems = AlertChannelRules.Validate(tidy).ToList();
        for (var i = 0; i < tidy.Count; i++)
        {
            if (problems.Any(p => p.Field.StartsWith($"channels[{i}].", StringComparison.Ordinal))) continue;
            if (tidy[i].SecretName is { } name && secrets.Find(user.TenantId, name) is null)
                problems.Add(($"channels[{i}].secretName", AlertChannelProblem.UnknownSecret));
            if (!await egress.AllowsAddressAsync(tidy[i].Url, user.TenantId, cancellationToken))
                problems.Add(($"channels[{i}].url", AlertChannelProblem.AddressNotAllowed));
        }
        if (problems.Count > 0) return new AlertChannelsSave.Invalid(problems);
        var document = new AlertChannelSettings { Channels = tidy, Version = version };
        return await settings.SaveAsync(user.TenantId, document, user, cancellationToken)
            ? new AlertChannelsSave.Saved(await LoadAsync(user.TenantId, cancellationToken))
            : new AlertChannelsSave.Stale();
    }

    public Task<IReadOnlyList<SettingsChange>> HistoryAsync(string tenantId, CancellationToken cancellationToken = default) =>
        settings.HistoryAsync<AlertChannelSettings>(tenantId, AlertChannelSettings.DocumentId, cancellationToken: cancellationToken);

    /// <summary>The channels' history as their form reads: "URL del webhook: https://… → https://…"; a channel's id is not on the form.</summary>
    public static SettingsWording History(IStringLocalizer<Strings> l) => new(
        field => field switch
        {
            "channels.name" => l["AlertChannels_Name"],
            "channels.url" => l["AlertChannels_Url"],
            "channels.secretHeader" => l["AlertChannels_SecretHeader"],
            "channels.secretName" => l["AlertChannels_SecretName"],
            "channels.id" => null,
            _ => field,
        },
        (_, value) => value);

    /// <summary>The API's and the audit's English for a problem.</summary>
    public static string English(AlertChannelProblem problem) => problem switch
    {
        AlertChannelProblem.Required => "Required.",
        AlertChannelProblem.TooLong => "Too long, or contains characters that cannot be stored.",
        AlertChannelProblem.NotAnAddress => "An http or https address without credentials in it.",
        AlertChannelProblem.NotAHeaderName => "An HTTP header name (letters, digits, dashes), not one the portal sets itself.",
        AlertChannelProblem.NotASecretName => "The name of a secret (letters, digits, dashes, underscores), not its value.",
        AlertChannelProblem.HeaderWithoutSecret => "A secret header needs both the header's name and the secret's name.",
        AlertChannelProblem.Duplicate => "Another channel has this name.",
        AlertChannelProblem.TooMany => $"At most {AlertChannelRules.MostChannels} channels.",
        AlertChannelProblem.UnknownSecret => "No secret of this name is configured for your organisation.",
        AlertChannelProblem.AddressNotAllowed => "This address is in a private or internal network, which alerts may not be posted to.",
        _ => problem.ToString(),
    };
}
