using System.Net;
using System.Text.Json.Nodes;
using Econeura.Portal.Tests.Approvals;
using Json.Schema;

namespace Econeura.Portal.Tests.Notifications;

/// <summary>The tenant's Teams channel and generic webhook, each a real HTTP receiver; the card checked against Microsoft's schema.</summary>
public sealed class TeamsAndWebhookTests(NotificationFixture fixture) : IClassFixture<NotificationFixture>, IAsyncLifetime
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly PortalUser Bruno = PortalFixture.User("bruno");
    private static readonly PortalUser Diego = PortalFixture.User("diego");

    private static readonly JsonSchema AdaptiveCard = JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Notifications",
        "adaptive-card-1.5.json")));

    private WebhookReceiver _teams = default!;
    private WebhookReceiver _webhook = default!;

    public async Task InitializeAsync()
    {
        _teams = await WebhookReceiver.StartAsync();
        _webhook = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _teams.DisposeAsync();
        await _webhook.DisposeAsync();
    }

    [Fact]
    public async Task An_approver_who_chose_Teams_gets_a_valid_Adaptive_Card_whose_only_action_opens_the_request_and_the_webhook_gets_text()
    {
        await SaveChannelsAsync(_teams.Url + "/workflows/abc?sig=s3cr3t-signature", _webhook.Url + "/hook", culture: "en-GB");
        await BrunoChoosesTeamsAsync();

        var request = await fixture.RequestApprovalAsync(Ana, "Revisa la póliza del seguro de flota.");

        var deliveries = await fixture.SettledAsync(Ana.TenantId, request.Id, atLeast: 3);
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.Equal([NotificationChannel.Email, NotificationChannel.Teams, NotificationChannel.Webhook], deliveries.Select(d => d.Channel).Order());
        var posted = Assert.Single(_teams.Received, r => r.Body.Contains(request.Id.ToString()));
        var message = JsonNode.Parse(posted.Body)!;
        Assert.Equal("message", (string?)message["type"]);
        var attachment = message["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)attachment["contentType"]);
        var card = attachment["content"]!;
        var check = AdaptiveCard.Evaluate(card, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(check.IsValid,
            string.Join("; ", check.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        Assert.Equal("1.5", (string?)card["version"]);
        // The schema does bite: a text block without its text is refused.
        Assert.False(AdaptiveCard.Evaluate(JsonNode.Parse("""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock"}]}""")).IsValid);
        var actions = card.ToJsonString().Split("\"Action.").Length - 1;
        Assert.Equal(1, actions);
        var link = $"{NotificationFixture.PortalUrl}/approvals/{request.Id}";
        Assert.Contains($"\"type\":\"Action.OpenUrl\",\"title\":\"Open the request in Econeura\",\"url\":\"{link}\"", card.ToJsonString());
        // Diego kept mail: only he is mailed; Bruno is told on Teams, which speaks the tenant's language (English here).
        Assert.Equal([NotificationFixture.Address("diego")], fixture.Mail.Received.Where(m => m.Text.Contains(request.Id.ToString())).Select(m => m.To));
        var hook = JsonNode.Parse(Assert.Single(_webhook.Received, r => r.Body.Contains(request.Id.ToString())).Body)!;
        Assert.StartsWith("Approval needed:", (string?)hook["text"]);
        Assert.Equal(deliveries.Single(d => d.Channel == NotificationChannel.Webhook).Id.ToString(),
            Assert.Single(_webhook.Received, r => r.Body.Contains(request.Id.ToString())).Headers["Idempotency-Key"]);
    }

    [Fact]
    public async Task A_delivery_the_channel_keeps_refusing_is_tried_again_and_then_recorded_failed_without_its_address()
    {
        _webhook.Answer = _ => (HttpStatusCode.ServiceUnavailable, "{}");
        var secretPath = "/hook?token=do-not-show-this";
        await SaveChannelsAsync(teamsUrl: null, _webhook.Url + secretPath);
        var request = await fixture.RequestApprovalAsync(Ana, "Resume las condiciones del arrendamiento de oficinas.");
        var job = fixture.Service<DeliverNotificationJob>();

        // Hangfire's first run fails and leaves it to be tried again.
        var first = await Eventually.Until(
            async () => (await fixture.DeliveriesAsync(Ana.TenantId, request.Id)).SingleOrDefault(d => d.Channel == NotificationChannel.Webhook),
            d => d is { Attempts: >= 1, Failure: not null }, "the webhook's first attempt");
        Assert.Equal(DeliveryStatus.Queued, first!.Status);
        Assert.Equal("HTTP 503", first.Failure);
        // Its retries, run here rather than after Hangfire's back-off: one more that fails, then the last.
        await Assert.ThrowsAsync<HttpRequestException>(() => job.DeliverAsync(Ana.TenantId, first.Id, lastTry: false, CancellationToken.None));
        await job.DeliverAsync(Ana.TenantId, first.Id, lastTry: true, CancellationToken.None);

        var failed = (await fixture.DeliveriesAsync(Ana.TenantId, request.Id)).Single(d => d.Id == first.Id);
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.Equal(3, failed.Attempts);
        Assert.Equal("HTTP 503", failed.Failure);
        Assert.Equal(3, _webhook.Received.Count(r => r.Body.Contains(request.Id.ToString())));
        Assert.DoesNotContain(fixture.Portal.Logs.Lines, line => line.Contains("do-not-show-this"));
        // A failed one stays failed: running it again sends nothing.
        await job.DeliverAsync(Ana.TenantId, first.Id, lastTry: true, CancellationToken.None);
        Assert.Equal(3, _webhook.Received.Count(r => r.Body.Contains(request.Id.ToString())));
    }

    [Fact]
    public async Task Teams_and_the_webhook_speak_the_tenants_language_whoever_they_name_while_each_mail_keeps_its_readers()
    {
        await SaveChannelsAsync(_teams.Url + "/workflows/lang", _webhook.Url + "/lang", culture: "es-ES");
        // Bruno reads English and is the only one told on Teams.
        await BrunoChoosesTeamsAsync();

        var spanish = await fixture.RequestApprovalAsync(Ana, "Revisa el contrato de mantenimiento de ascensores.");

        await fixture.SettledAsync(Ana.TenantId, spanish.Id, atLeast: 3);
        Assert.Contains("\"title\":\"Abrir la solicitud en Econeura\"", CardAbout(spanish.Id));
        Assert.StartsWith("Aprobación pendiente:", WebhookTextAbout(spanish.Id));

        // The admin makes the tenant English: the channels follow; Diego's own mail stays in his Spanish.
        await SaveChannelsAsync(_teams.Url + "/workflows/lang", _webhook.Url + "/lang", culture: "en-GB");
        var english = await fixture.RequestApprovalAsync(Ana, "Revisa el contrato de mantenimiento de las calderas.");

        await fixture.SettledAsync(Ana.TenantId, english.Id, atLeast: 3);
        Assert.Contains("\"title\":\"Open the request in Econeura\"", CardAbout(english.Id));
        Assert.StartsWith("Approval needed:", WebhookTextAbout(english.Id));
        Assert.StartsWith("Aprobación pendiente:", Assert.Single(fixture.Mail.Received, m => m.Text.Contains(english.Id.ToString())).Subject);
        var history = await fixture.Service<NotificationSettingsStore>().TenantHistoryAsync(Diego.TenantId);
        Assert.Contains(history, change => change.Changes.Any(c => c.Field == "culture" && c.After == "en-GB"));
    }

    [Fact]
    public async Task A_language_the_portal_does_not_speak_is_refused_and_nothing_is_saved()
    {
        var store = fixture.Service<NotificationSettingsStore>();
        var current = await store.TenantAsync(Diego.TenantId);

        var saved = await store.SaveTenantAsync(Diego,
            new TenantNotificationForm(current.Defaults, current.ReminderShare, null, null, current.Version, "fr-FR"));

        Assert.Equal(("culture", NotificationSettingsProblem.Language), Assert.Single(Assert.IsType<NotificationSettingsSave.Invalid>(saved).Problems));
        Assert.Equal(current.Version, (await store.TenantAsync(Diego.TenantId)).Version);
    }

    private async Task BrunoChoosesTeamsAsync()
    {
        var store = fixture.Service<NotificationSettingsStore>();
        var bruno = await store.PersonAsync(Bruno.TenantId, Bruno.UserId);
        Assert.True(await store.SavePersonAsync(Bruno,
            new Dictionary<NotificationKind, NotificationChoice> { [NotificationKind.NewRequest] = NotificationChoice.Teams }, digest: false, bruno.Version));
    }

    private string CardAbout(Guid requestId) =>
        JsonNode.Parse(Assert.Single(_teams.Received, r => r.Body.Contains(requestId.ToString())).Body)!.ToJsonString();

    private string? WebhookTextAbout(Guid requestId) =>
        (string?)JsonNode.Parse(Assert.Single(_webhook.Received, r => r.Body.Contains(requestId.ToString())).Body)!["text"];

    /// <summary>A null address keeps the stored one; an empty one (what the other arguments default to here) removes it.</summary>
    private async Task SaveChannelsAsync(string? teamsUrl, string? webhookUrl, string? culture = null)
    {
        var store = fixture.Service<NotificationSettingsStore>();
        var current = await store.TenantAsync(Diego.TenantId);
        var saved = await store.SaveTenantAsync(Diego,
            new TenantNotificationForm(current.Defaults, current.ReminderShare, teamsUrl ?? "", webhookUrl ?? "", current.Version, culture));
        Assert.IsType<NotificationSettingsSave.Saved>(saved);
    }
}
