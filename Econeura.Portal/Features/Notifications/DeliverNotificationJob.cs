using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Econeura.Domain.Approvals;
using Econeura.Domain.Notifications;
using Econeura.Portal.Features.Approvals;
using Econeura.Portal.Features.FinOps;
using Econeura.Portal.Features.Identity;
using Econeura.Portal.Infrastructure.Egress;
using Hangfire.Server;
using MailKit;

namespace Econeura.Portal.Features.Notifications;

/// <summary>
/// Sends one recorded delivery and records its outcome. The delivery is claimed first (one more attempt, saved with its
/// version checked), so two runs of the same job never both send; Hangfire retries a failure that may pass, and the last
/// try records it as failed. The message is written at send time from the request as it is then, in the recipient's
/// language, from the redacted input only.
/// </summary>
public sealed partial class DeliverNotificationJob(
    IDocumentStore store,
    IServiceProvider services,
    NotificationSettingsStore settings,
    People people,
    MailSender mail,
    IHttpClientFactory http,
    TimeProvider time,
    ILogger<DeliverNotificationJob> logger)
{
    public const string HttpClientName = "notifications";
    public const int Retries = 3;

    public static void Enqueue(IBackgroundJobClient jobs, string tenantId, Guid deliveryId) =>
        jobs.Enqueue<DeliverNotificationJob>(job => job.RunAsync(tenantId, deliveryId, null, CancellationToken.None));

    [AutomaticRetry(Attempts = Retries, DelaysInSeconds = [10, 60, 300])]
    public Task RunAsync(string tenantId, Guid deliveryId, PerformContext? context, CancellationToken cancellationToken) =>
        DeliverAsync(tenantId, deliveryId, lastTry: (context?.GetJobParameter<int>("RetryCount") ?? 0) >= Retries, cancellationToken);

    /// <param name="lastTry">A failure now is final: no retry follows.</param>
    public async Task DeliverAsync(string tenantId, Guid deliveryId, bool lastTry, CancellationToken cancellationToken)
    {
        if (await ClaimAsync(tenantId, deliveryId, cancellationToken) is not { } delivery) return;
        try
        {
            if (await WriteAsync(tenantId, delivery, cancellationToken) is not { } message)
            {
                await FinishAsync(tenantId, delivery, DeliveryStatus.Dropped, "the request was decided first", cancellationToken);
                return;
            }
            await SendAsync(tenantId, delivery, message, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var final = lastTry || delivery.Attempts > Retries || !IsWorthRetrying(exception);
            LogFailed(delivery.Channel, delivery.Attempts, final, Describe(exception));
            await FinishAsync(tenantId, delivery, final ? DeliveryStatus.Failed : DeliveryStatus.Queued, Describe(exception), cancellationToken);
            if (!final) throw;
            return;
        }
        await FinishAsync(tenantId, delivery, DeliveryStatus.Sent, null, cancellationToken);
    }

    private async Task<NotificationDelivery?> ClaimAsync(string tenantId, Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(tenantId);
        var delivery = await session.LoadAsync<NotificationDelivery>(deliveryId, cancellationToken);
        if (delivery is not { Status: DeliveryStatus.Queued }) return null;
        delivery.Attempts++;
        session.UpdateRevision(delivery, delivery.Version + 1);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            delivery.Version++;
            return delivery;
        }
        catch (JasperFx.ConcurrencyException)
        {
            return null;
        }
    }

    private async Task FinishAsync(string tenantId, NotificationDelivery delivery, DeliveryStatus status, string? failure, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(tenantId);
        delivery.Status = status;
        delivery.Failure = failure;
        delivery.FinishedAt = status == DeliveryStatus.Queued ? null : time.GetUtcNow();
        session.UpdateRevision(delivery, delivery.Version + 1);
        await session.SaveChangesAsync(CancellationToken.None);
        delivery.Version++;
    }

    /// <summary>The message in the recipient's language; null when what it would ask for is over (a decided request).</summary>
    private async Task<NotificationMessage?> WriteAsync(string tenantId, NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        var items = delivery.IsDigest ? await HeldAsync(tenantId, delivery.DigestOf, cancellationToken) : [delivery];
        var requests = new List<(NotificationKind Kind, ApprovalView Request)>();
        var alerts = new List<(BudgetAlertView Budget, BudgetAlert Alert)>();
        await using (var session = store.QuerySession(tenantId))
        {
            foreach (var item in items)
            {
                if (item.AlertStreamId is { } streamId)
                {
                    var budget = await session.LoadAsync<BudgetAlertView>(streamId, cancellationToken);
                    if (budget?.Alerts.Find(a => a.AlertId == item.TopicId) is { } alert) alerts.Add((budget, alert));
                    continue;
                }
                var request = await session.LoadAsync<ApprovalView>(item.TopicId, cancellationToken);
                // What was decided, or what changed, stays true once the request is decided; a call to decide does not.
                if (request is null || (item.Kind is not (NotificationKind.Decision or NotificationKind.SentBack) && !request.IsPending)) continue;
                requests.Add((item.Kind, request));
            }
        }
        if (requests.Count + alerts.Count == 0) return null;
        var culture = CultureInfo.GetCultureInfo(delivery.Culture.Length > 0 ? delivery.Culture : PortalUi.SupportedCultures[0].Name);
        var (uiCulture, formatCulture) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = culture;
        try
        {
            var words = services.GetRequiredService<ApprovalMessages>();
            var now = time.GetUtcNow();
            var written = requests
                .Select(r => (Subject: words.Subject(r.Kind, r.Request), Section: words.Section(r.Kind, r.Request, now, delivery.RecipientId))).ToList();
            foreach (var (budget, alert) in alerts)
                written.Add(await services.GetRequiredService<BudgetAlertMessages>().WriteAsync(tenantId, budget, alert, cancellationToken));
            return new NotificationMessage(
                delivery.IsDigest ? words.DigestSubject(written.Count) : written[0].Subject, [.. written.Select(w => w.Section)], words.Footer());
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (uiCulture, formatCulture);
        }
    }

    private async Task<IReadOnlyList<NotificationDelivery>> HeldAsync(string tenantId, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(tenantId);
        return (await session.LoadManyAsync<NotificationDelivery>(cancellationToken, ids)).OrderBy(d => d.QueuedAt).ToList();
    }

    private async Task SendAsync(string tenantId, NotificationDelivery delivery, NotificationMessage message, CancellationToken cancellationToken)
    {
        if (delivery.Channel == NotificationChannel.Email)
        {
            var person = await people.FindAsync(tenantId, delivery.RecipientId ?? "", cancellationToken);
            if (person?.Email is not { Length: > 0 } address) throw new DeliveryUnusableException("no mail address known");
            await mail.SendAsync(address, person.Name, message.Subject, MessageFormats.PlainText(message),
                MessageFormats.Html(message, delivery.Culture), delivery.Id, cancellationToken);
            return;
        }
        var tenant = await settings.TenantAsync(tenantId, cancellationToken);
        var url = settings.ChannelUrl(tenantId, tenant, delivery.Channel) ?? throw new DeliveryUnusableException(
            delivery.Channel == NotificationChannel.Teams ? "no Teams channel configured" : "no webhook configured");
        JsonObject body = delivery.Channel == NotificationChannel.Teams
            ? MessageFormats.TeamsCard(message)
            : MessageFormats.Webhook(message, delivery.Kind, delivery.Id);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Options.Set(EgressConnections.Tenant, tenantId);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", delivery.Id.ToString());
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"The channel answered {(int)response.StatusCode}.", null, response.StatusCode);
    }

    /// <summary>The receiver's or the mail server's passing trouble is retried; what configuration or policy refuses is not.</summary>
    private static bool IsWorthRetrying(Exception exception) => exception switch
    {
        DeliveryUnusableException => false,
        _ when EgressConnections.IsRefusal(exception) => false,
        HttpRequestException { StatusCode: { } status } => (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        MailKit.Security.AuthenticationException => false,
        MailKit.Net.Smtp.SmtpCommandException smtp => (int)smtp.StatusCode < 500,
        _ => true,
    };

    /// <summary>The kind of failure only: never the URL (it may carry a key), an address or a secret.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        DeliveryUnusableException unusable => unusable.Message,
        _ when EgressConnections.IsRefusal(exception) => "the address is in a private or internal network",
        HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status}",
        HttpRequestException => "unreachable",
        MailKit.Net.Smtp.SmtpCommandException smtp => $"mail server answered {(int)smtp.StatusCode}",
        MailKit.Security.AuthenticationException => "the mail server refused the sign-in",
        ServiceNotConnectedException or System.Net.Sockets.SocketException => "mail server unreachable",
        TaskCanceledException or TimeoutException => "timeout",
        _ => exception.GetType().Name,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification not delivered by {Channel} (attempt {Attempt}, final: {Final}): {Failure}")]
    private partial void LogFailed(NotificationChannel channel, int attempt, bool final, string failure);
}
