using System.Collections.Concurrent;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Econeura.Portal.Features.Agents.Routing;

public sealed class AgentHttpOptions
{
    /// <summary>Tries after the first, on timeouts, 429 (after its Retry-After) and 5xx only: never on other 4xx.</summary>
    public int Retries { get; set; } = 2;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Calls to one host within 30 s before its failure ratio can open the circuit.</summary>
    public int BreakerMinimumThroughput { get; set; } = 6;

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The HTTP clients of the webhook and chat routes: retries with back-off and jitter, a per-route attempt timeout, and
/// a circuit breaker per host, so one failing receiver is left alone for a while and does not hold workers.
/// </summary>
public static class AgentHttp
{
    public const string Webhook = "agent-webhook";
    public const string Chat = "agent-chat";

    /// <summary>Set on a request to bound each try of it; unset, <see cref="DefaultAttemptTimeout"/>.</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> AttemptTimeout = new("econeura.attempt-timeout");

    private static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(60);

    public static void AddAgentHttpClients(this IServiceCollection services)
    {
        services.AddOptions<AgentHttpOptions>().BindConfiguration("Agents:Http")
            .Validate(o => o.Retries is >= 0 and <= 5 && o.BreakerMinimumThroughput >= 2, "Agents:Http needs Retries in [0, 5] and BreakerMinimumThroughput >= 2.")
            .ValidateOnStart();
        services.AddSingleton<AgentCircuits>();
        foreach (var name in new[] { Webhook, Chat })
        {
            services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
                .AddResilienceHandler(name, static (pipeline, context) =>
                {
                    var options = context.ServiceProvider.GetRequiredService<IOptions<AgentHttpOptions>>().Value;
                    var circuits = context.ServiceProvider.GetRequiredService<AgentCircuits>();
                    if (options.Retries > 0)
                    {
                        pipeline.AddRetry(new HttpRetryStrategyOptions
                        {
                            MaxRetryAttempts = options.Retries,
                            Delay = options.RetryDelay,
                            BackoffType = DelayBackoffType.Exponential,
                            UseJitter = true,
                        });
                    }
                    pipeline
                        .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                        {
                            FailureRatio = 0.5,
                            MinimumThroughput = options.BreakerMinimumThroughput,
                            SamplingDuration = TimeSpan.FromSeconds(30),
                            BreakDuration = options.BreakDuration,
                            OnOpened = args =>
                            {
                                circuits.Opened(args.Context.GetRequestMessage()?.RequestUri, args.BreakDuration);
                                return ValueTask.CompletedTask;
                            },
                            OnClosed = args =>
                            {
                                circuits.Closed(args.Context.GetRequestMessage()?.RequestUri);
                                return ValueTask.CompletedTask;
                            },
                        })
                        .AddTimeout(new HttpTimeoutStrategyOptions
                        {
                            TimeoutGenerator = args => ValueTask.FromResult(
                                args.Context.GetRequestMessage()?.Options.TryGetValue(AttemptTimeout, out var timeout) == true ? timeout : DefaultAttemptTimeout),
                        });
                })
                .SelectPipelineByAuthority();
        }
    }
}

/// <summary>Which hosts' circuits are open now, and until when: shown on the agents' admin page.</summary>
public sealed class AgentCircuits(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _openUntil = new();

    public void Opened(Uri? host, TimeSpan breakDuration)
    {
        if (host is not null) _openUntil[host.Authority] = time.GetUtcNow() + breakDuration;
    }

    public void Closed(Uri? host)
    {
        if (host is not null) _openUntil.TryRemove(host.Authority, out _);
    }

    /// <summary>When calls to <paramref name="url"/>'s host are tried again, while its circuit is open.</summary>
    public DateTimeOffset? OpenUntil(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && _openUntil.TryGetValue(uri.Authority, out var until) && until > time.GetUtcNow()
            ? until
            : null;
}
