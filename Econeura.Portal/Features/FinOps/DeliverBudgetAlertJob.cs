using System.Net;
using System.Net.Http.Json;
using Econeura.Portal.Features.Agents.Routing;
using Econeura.Portal.Features.Identity;
using Econeura.Portal.Infrastructure.Egress;
using Hangfire.Server;
using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// Posts one budget alert to one of the tenant's channels, exactly once: the attempt is claimed on the budget-month
/// stream before the post (<see cref="BudgetAlertDecisions.Claim"/>), so a concurrent run, a retry or another node finds
/// the claim and does not post again, and an attempt whose outcome was lost is recorded as unknown rather than repeated.
/// The alert's id goes with it (body and <c>Idempotency-Key</c>) for the receiver to deduplicate a timed-out post that
/// is tried again. Posts go through the tenant's egress pool, like agent calls: no internal address, no redirect.
/// </summary>
public sealed partial class DeliverBudgetAlertJob(
    BudgetMonthStream streams,
    AlertChannels channels,
    FinOpsSettingsStore settings,
    AgentSecrets secrets,
    ITenantNames tenants,
    IHttpClientFactory http,
    DatabaseOutage outage,
    TimeProvider time,
    ILogger<DeliverBudgetAlertJob> logger)
{
    public const string HttpClientName = "budget-alerts";
    public const int Retries = 4;

    public static void Enqueue(IBackgroundJobClient jobs, string tenantId, Guid streamId, Guid alertId, Guid channelId) =>
        jobs.Enqueue<DeliverBudgetAlertJob>(job => job.RunAsync(tenantId, streamId, alertId, channelId, null, CancellationToken.None));

    [AutomaticRetry(Attempts = Retries, DelaysInSeconds = [5, 30, 120, 600])]
    public Task RunAsync(string tenantId, Guid streamId, Guid alertId, Guid channelId, PerformContext? context, CancellationToken cancellationToken) =>
        DeliverAsync(tenantId, streamId, alertId, channelId, runner: $"job-{context?.BackgroundJob.Id}",
            lastTry: (context?.GetJobParameter<int>("RetryCount") ?? 0) >= Retries, cancellationToken);

    /// <param name="runner">Who delivers (the job): its own earlier claim found again means that run ended without recording the outcome.</param>
    /// <param name="lastTry">A failure now is final: no retry follows.</param>
    public async Task DeliverAsync(
        string tenantId, Guid streamId, Guid alertId, Guid channelId, string runner, bool lastTry, CancellationToken cancellationToken)
    {
        var (_, step) = await streams.WriteAsync(tenantId, streamId,
            state => BudgetAlertDecisions.Claim(state, alertId, channelId, runner, time.GetUtcNow()), cancellationToken);
        if (step is not DeliveryStep.Post { Alert: var alert, Claim: var claim }) return;
        try
        {
            await PostAsync(tenantId, channelId, alert, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or ChannelUnusableException
                                          || exception is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var final = lastTry || claim.Attempt > Retries || !IsWorthRetrying(exception);
            LogFailed(claim.Attempt, final, Describe(exception));
            await RecordAsync(tenantId, streamId, claim, Describe(exception), final, cancellationToken);
            // Hangfire retries by the throw; the next run claims the next attempt.
            if (!final) throw;
            return;
        }
        await RecordAsync(tenantId, streamId, claim, error: null, final: true, cancellationToken);
    }

    /// <summary>The outcome, waiting out a short database outage: a claim left without it is shown as unknown, never posted again.</summary>
    private Task RecordAsync(string tenantId, Guid streamId, BudgetAlertSending claim, string? error, bool final, CancellationToken cancellationToken) =>
        outage.WhenReachableAsync(() => streams.WriteAsync(tenantId, streamId,
            state => BudgetAlertDecisions.Outcome(state, claim, error, final, time.GetUtcNow()), cancellationToken), cancellationToken);

    private async Task PostAsync(string tenantId, Guid channelId, RaisedAlert alert, CancellationToken cancellationToken)
    {
        var channel = (await channels.LoadAsync(tenantId, cancellationToken)).Channels.FirstOrDefault(c => c.Id == channelId)
                      ?? throw new ChannelUnusableException("the channel was removed");
        var secret = channel.SecretName is { } name
            ? secrets.Find(tenantId, name) ?? throw new ChannelUnusableException($"no secret named '{name}' is configured")
            : null;
        var tenant = new BudgetAlertTenant(tenantId, await tenants.NameOfAsync(tenantId, cancellationToken));
        var scope = alert.Event switch
        {
            BudgetThresholdCrossed c => c.Scope,
            BudgetThresholdsCleared c => c.Scope,
            SpendAnomalyFlagged a => a.Scope,
            SpendBackToNormal a => a.Scope,
            _ => BudgetRule.TenantScope,
        };
        var ownerName = (await settings.AppliedBudgetAsync(tenantId, scope, cancellationToken))?.OwnerName;
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.Url)
        {
            Content = JsonContent.Create(BudgetAlertPayload.From(alert, tenant, ownerName)),
        };
        request.Options.Set(EgressConnections.Tenant, tenantId);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", alert.AlertId.ToString());
        if (secret is not null) request.Headers.TryAddWithoutValidation(channel.SecretHeader!, secret);
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"The channel answered {(int)response.StatusCode}.", null, response.StatusCode);
    }

    /// <summary>A refused address, a missing secret, a redirect or a refusal of the request itself stay so: only the receiver's trouble is retried.</summary>
    private static bool IsWorthRetrying(Exception exception) => exception switch
    {
        ChannelUnusableException => false,
        _ when EgressConnections.IsRefusal(exception) => false,
        HttpRequestException { StatusCode: { } status } => (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        _ => true,
    };

    /// <summary>The status code or the kind of failure: never the URL, which may carry a key, nor a secret.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        ChannelUnusableException unusable => unusable.Message,
        _ when EgressConnections.IsRefusal(exception) => "the address is in a private or internal network",
        HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status}",
        HttpRequestException => "unreachable",
        TaskCanceledException => "timeout",
        _ => exception.GetType().Name,
    };

    private sealed class ChannelUnusableException(string reason) : Exception(reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget alert not delivered to a channel (attempt {Attempt}, final: {Final}): {Failure}")]
    private partial void LogFailed(int attempt, bool final, string failure);
}
