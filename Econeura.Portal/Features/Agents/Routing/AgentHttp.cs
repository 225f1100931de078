using System.Collections.Concurrent;
using Econeura.Portal.Infrastructure.Egress;
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
/// a circuit breaker per tenant and host, so one failing receiver is left alone for a while and does not hold workers,
/// and no tenant can open the circuit of another's calls. Connections go only where the egress policy allows the
/// request's tenant (<see cref="EgressConnections.Tenant"/>, which every request must carry), and the clients log no
/// addresses: a webhook URL's path is often its credential (Make, Zapier).
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
            .Validate(o => o.Retries is >= 0 and <= 5 && o.BreakerMinimumThroughput >= 2,
                "Agents:Http needs Retries in [0, 5] and BreakerMinimumThroughput >= 2.")
            .ValidateOnStart();
        services.AddSingleton<AgentCircuits>();
        foreach (var name in new[] { Webhook, Chat })
        {
            services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
                .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<EgressConnections>().Handler())
                .RemoveAllLoggers()
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
                            ShouldHandle = args => ValueTask.FromResult(IsTransientFailure(args.Outcome)),
                        });
                    }
                    pipeline
                        .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                        {
                            FailureRatio = 0.5,
                            MinimumThroughput = options.BreakerMinimumThroughput,
                            SamplingDuration = TimeSpan.FromSeconds(30),
                            BreakDuration = options.BreakDuration,
                            ShouldHandle = args => ValueTask.FromResult(IsTransientFailure(args.Outcome)),
                            OnOpened = args =>
                            {
                                circuits.Opened(CircuitOf(args.Context.GetRequestMessage()), args.BreakDuration);
                                return ValueTask.CompletedTask;
                            },
                            OnClosed = args =>
                            {
                                circuits.Closed(CircuitOf(args.Context.GetRequestMessage()));
                                return ValueTask.CompletedTask;
                            },
                        })
                        .AddTimeout(new HttpTimeoutStrategyOptions
                        {
                            TimeoutGenerator = args => ValueTask.FromResult(
                                args.Context.GetRequestMessage()?.Options.TryGetValue(AttemptTimeout, out var timeout) == true ? timeout
                                    : DefaultAttemptTimeout),
                        });
                })
                .SelectPipelineBy(static _ => request => CircuitOf(request));
        }
    }

    /// <summary>
    /// A call that reached no receiver. The message names neither the address (its path or user part may be a
    /// credential) nor the kind of network failure: a refused and a silent port read alike, so nobody maps a network
    /// through an agent's errors.
    /// </summary>
    public static AgentCallException Unreachable(Exception exception) =>
        EgressConnections.IsRefusal(exception)
            ? new AgentCallException("The agent's address is in a private or internal network, which agents may not call. " +
                                     "Route the agent to a public address, or ask the platform operator to allow that network for your organisation.",
                permanent: true)
            : new AgentCallException("The agent could not be reached.");

    public static AgentCallException Redirected(int status) =>
        new($"The agent answered with a redirect (HTTP {status}), which is not followed: route the agent to the final address.", permanent: true);

    /// <summary>A refusal of the egress policy is an answer, not a failure of the receiver: neither retried nor counted.</summary>
    private static bool IsTransientFailure(Outcome<HttpResponseMessage> outcome) =>
        !EgressConnections.IsRefusal(outcome.Exception) && HttpClientResiliencePredicates.IsTransient(outcome);

    /// <summary>One circuit per tenant and host: the tenant's calls alone can open it.</summary>
    private static string CircuitOf(HttpRequestMessage? request) =>
        request is null ? "" : AgentCircuits.Key(request.Options.TryGetValue(EgressConnections.Tenant, out var tenant) ? tenant : "", request.RequestUri);
}

/// <summary>Which circuits (tenant and host) are open now, and until when: shown on the agents' admin page.</summary>
public sealed class AgentCircuits(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _openUntil = new();

    public static string Key(string tenantId, Uri? host) => $"{tenantId}|{host?.Authority}";

    public void Opened(string circuit, TimeSpan breakDuration) => _openUntil[circuit] = time.GetUtcNow() + breakDuration;

    public void Closed(string circuit) => _openUntil.TryRemove(circuit, out _);

    /// <summary>When the tenant's calls to <paramref name="url"/>'s host are tried again, while their circuit is open.</summary>
    public DateTimeOffset? OpenUntil(string tenantId, string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && _openUntil.TryGetValue(Key(tenantId, uri), out var until) && until > time.GetUtcNow()
            ? until
            : null;
}
