using System.Net.Http.Json;
using Hangfire.Server;

namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// Posts one budget alert to the configured webhook (Teams/Slack-style <c>{"text": …}</c>), with Hangfire's retries;
/// after the last one the failure is recorded and shown. An alert already delivered is not posted again.
/// </summary>
public sealed partial class DeliverBudgetAlertJob(
    IDocumentStore store,
    IHttpClientFactory http,
    IOptions<FinOpsOptions> options,
    TimeProvider time,
    ILogger<DeliverBudgetAlertJob> logger)
{
    public const string HttpClientName = "budget-alerts";
    public const int Retries = 4;

    public static void Enqueue(IBackgroundJobClient jobs, string tenantId, Guid streamId, int threshold) =>
        jobs.Enqueue<DeliverBudgetAlertJob>(job => job.RunAsync(tenantId, streamId, threshold, null, CancellationToken.None));

    [AutomaticRetry(Attempts = Retries, DelaysInSeconds = [5, 30, 120, 600])]
    public Task RunAsync(string tenantId, Guid streamId, int threshold, PerformContext? context, CancellationToken cancellationToken) =>
        DeliverAsync(tenantId, streamId, threshold, (context?.GetJobParameter<int>("RetryCount") ?? 0) + 1, cancellationToken);

    /// <param name="attempt">1 for the first try; past <see cref="Retries"/> a failure is final and recorded.</param>
    public async Task DeliverAsync(string tenantId, Guid streamId, int threshold, int attempt, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(tenantId);
        var stream = await session.Events.FetchStreamAsync(streamId, token: cancellationToken);
        var events = stream.Select(e => e.Data).ToList();
        if (events.OfType<BudgetThresholdCrossed>().FirstOrDefault(c => c.ThresholdPercent == threshold) is not { } crossed) return;
        if (events.Any(e => e is BudgetAlertDelivered d && d.ThresholdPercent == threshold)) return;

        try
        {
            await PostAsync(crossed, cancellationToken);
            session.Events.Append(streamId, new BudgetAlertDelivered(crossed.Scope, crossed.Month, threshold, time.GetUtcNow()));
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogFailed(crossed.Scope, threshold, attempt, exception.GetType().Name);
            // Hangfire retries by the throw; after the last retry the failure is what people see.
            if (attempt <= Retries) throw;
            session.Events.Append(streamId, new BudgetAlertDeliveryFailed(crossed.Scope, crossed.Month, threshold, attempt, Describe(exception), time.GetUtcNow()));
        }
        await session.SaveChangesAsync(cancellationToken);
    }

    private async Task PostAsync(BudgetThresholdCrossed crossed, CancellationToken cancellationToken)
    {
        var webhook = options.Value.AlertWebhook;
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = JsonContent.Create(new
            {
                text = $"Econeura: budget '{crossed.Scope}' crossed {crossed.ThresholdPercent} % in {crossed.Month} " +
                       $"({crossed.SpentEur:0.00} of {crossed.LimitEur:0.00} EUR).",
                scope = crossed.Scope,
                month = crossed.Month,
                thresholdPercent = crossed.ThresholdPercent,
                spentEur = crossed.SpentEur,
                limitEur = crossed.LimitEur,
            }),
        };
        if (!string.IsNullOrEmpty(webhook.SecretHeader) && !string.IsNullOrEmpty(webhook.Secret))
            request.Headers.TryAddWithoutValidation(webhook.SecretHeader, webhook.Secret);
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"The webhook answered {(int)response.StatusCode}.", null, response.StatusCode);
    }

    /// <summary>The status code or the kind of failure: never the URL, which may carry a key.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status}",
        TaskCanceledException => "timeout",
        _ => exception.GetType().Name,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget alert {Scope} {Threshold} % not delivered (attempt {Attempt}): {Failure}")]
    private partial void LogFailed(string scope, int threshold, int attempt, string failure);
}
