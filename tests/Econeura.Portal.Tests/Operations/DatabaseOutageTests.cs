using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Econeura.Portal.Features.Agents.Routing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Operations;

/// <summary>A portal of its own whose link to its own database a test can cut and restore.</summary>
public abstract class LinkedPortalTest : IAsyncLifetime
{
    private TestDatabase _database = default!;
    protected DatabaseLink Link { get; private set; } = default!;
    protected PortalFactory Portal { get; private set; } = default!;

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        (Link, var connectionString) = DatabaseLink.To(_database.ConnectionString);
        Portal = CreatePortal(connectionString);
        Portal.StartServer();
    }

    protected virtual PortalFactory CreatePortal(string connectionString) => new(connectionString, settings: Settings);

    public async Task DisposeAsync()
    {
        Link.Restore();
        await Portal.DisposeAsync();
        await Link.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>The database goes away under a running portal and comes back: calm 503s meanwhile, one log line each way, and work resumes.</summary>
public sealed class DatabaseOutageTests : LinkedPortalTest
{

    private async Task<string?> ReadinessAsync()
    {
        using var answer = await Portal.CreateClient().GetAsync("/health/ready");
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }

    [Fact]
    public async Task While_the_database_is_down_requests_get_503_with_retry_after_and_no_internals_and_after_it_returns_launches_complete()
    {
        var ana = await Portal.ClientForAsync(DevelopmentPersonas.Get("ana"));
        var browser = await Portal.BrowserForAsync("ana");
        var before = await ana.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = "Antes del corte" });
        var existing = (await before.Content.ReadFromJsonAsync<ExecutionResource>(PortalFactory.Json))!;

        Link.Cut();
        var launch = await ana.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = "Durante el corte" });
        var read = await ana.GetAsync($"/api/v1/executions/{existing.Id}");
        var page = await browser.GetAsync("/executions");
        var ready = await Portal.CreateClient().GetAsync("/health/ready");
        var gatewayHealth = await Portal.CreateClient().GetAsync("/api/health");

        foreach (var answer in new[] { launch, read })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), answer.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            var body = await answer.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Npgsql", body);
            Assert.DoesNotContain(" at ", body);
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.NotNull(page.Headers.RetryAfter);
        Assert.Contains("<h1>Servicio no disponible temporalmente</h1>", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var readiness = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(readiness.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "postgresql" && c.GetProperty("status").GetString() == "Unhealthy");
        // Anonymous probes learn that the database is unreachable, not where it is nor the driver's words.
        foreach (var probe in new[] { readiness.ToString(), await gatewayHealth.Content.ReadAsStringAsync() })
        {
            Assert.Contains("PostgreSQL cannot be reached", probe);
            Assert.DoesNotContain("Failed to connect", probe);
            Assert.DoesNotContain("127.0.0.1", probe);
        }

        Link.Restore();
        await Eventually.Until(ReadinessAsync, status => status == "Healthy", "readiness (database, jobs and live updates) once the database is back");
        var after = await ana.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = "Después del corte" });
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        var launched = (await after.Content.ReadFromJsonAsync<ExecutionResource>(PortalFactory.Json))!;
        await Eventually.Until(() => ana.GetFromJsonAsync<ExecutionResource>($"/api/v1/executions/{launched.Id}", PortalFactory.Json),
            execution => execution?.Status == "Completed", "the execution launched after the outage to complete");

        // One line when it went, one when it came back; no error with a stack trace per failed request.
        var lines = Portal.Logs.Lines;
        Assert.True(lines.Count(line => line.Contains("PostgreSQL cannot be reached")) == 1, string.Join("\n", lines.Where(l => l.Contains("PostgreSQL") || l.StartsWith("Warn") || l.StartsWith("Err")).Select(l => l.Length > 300 ? l[..300] : l)));
        Assert.Single(lines, line => line.Contains("PostgreSQL is reachable again"));
        Assert.True(!lines.Any(line => line.Contains("Microsoft.AspNetCore.Diagnostics") || line.Contains("Unhandled exception")), string.Join("\n", lines.Where(line => line.Contains("Microsoft.AspNetCore.Diagnostics") || line.Contains("Unhandled exception")).Select(l => l[..Math.Min(400, l.Length)])));
    }

}

public sealed class JobStorageWaitTests : IAsyncLifetime
{
    private TestDatabase _database = default!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_process_that_is_stopping_does_not_wait_for_the_database_to_open_a_job_storage_connection()
    {
        var (link, connectionString) = DatabaseLink.To(_database.ConnectionString);
        await using var _ = link;
        link.Cut();
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);

        var refused = Assert.ThrowsAny<Exception>(() => DatabaseOutage.OpenWhenReachable(connection, new CancellationToken(canceled: true)));

        Assert.True(DatabaseOutage.IsUnreachable(refused));
        // One try (the driver may itself reconnect once), not a retry every quarter of a second for up to 15 s.
        Assert.InRange(link.Refused, 1, 2);
    }
}

/// <summary>The agent answers while the database is down: the reply in hand is saved when the database returns.</summary>
public sealed class ShortOutageReplyTests : LinkedPortalTest
{
    private readonly HeldSimulator _agent = new();

    protected override PortalFactory CreatePortal(string connectionString) => _agent.Portal(connectionString, Settings);

    [Fact]
    public async Task A_reply_that_arrives_during_a_short_outage_is_saved_once_it_returns_without_calling_the_agent_again()
    {
        var events = await LostReply.RunAsync(Portal, Link, _agent.Reached, _agent.Release, untilGivenUp: false);

        // When it fails, what the portal said about the job says why the call was made again.
        Assert.True(!events.OfType<Econeura.Domain.Executions.AgentCallUnconfirmed>().Any(), string.Join("\n",
            Portal.Logs.Lines.Where(line => line.StartsWith("Warning") || line.StartsWith("Error")).Select(line => line.Length > 1500 ? line[..1500] : line)));
        Assert.Single(events.OfType<Econeura.Domain.Executions.ExecutionDispatched>());
        Assert.Single(events.OfType<Econeura.Domain.Executions.AgentResponded>());
        Assert.Single(events.OfType<Econeura.Domain.FinOps.CostRecorded>());
    }
}

/// <summary>
/// The agent answers but its reply cannot be saved for longer than work waits for the database: the attempt is made
/// again, once, with the same key, and shown as unconfirmed; the lost call is charged too, at its bound.
/// </summary>
public sealed class LostReplyTests : LinkedPortalTest
{
    private readonly HeldSimulator _agent = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Database:LongestWait"] = "00:00:00.5" };

    protected override PortalFactory CreatePortal(string connectionString) => _agent.Portal(connectionString, Settings);

    [Fact]
    public async Task A_reply_that_could_not_be_saved_is_asked_for_again_in_the_same_attempt_and_each_call_is_charged_once()
    {
        var events = await LostReply.RunAsync(Portal, Link, _agent.Reached, _agent.Release, untilGivenUp: true);

        Assert.Single(events.OfType<Econeura.Domain.Executions.AgentCallUnconfirmed>());
        Assert.All(events.OfType<Econeura.Domain.Executions.ExecutionDispatched>(), dispatched => Assert.Equal(1, dispatched.Attempt));
        Assert.Single(events.OfType<Econeura.Domain.Executions.AgentResponded>());
        // Two calls reached the agent: the lost one at its bound (the estimate), the answered one at what it reported.
        var costs = events.OfType<Econeura.Domain.FinOps.CostRecorded>().ToList();
        Assert.Equal([true, false], costs.Select(c => c.Unconfirmed));
        Assert.Equal(events.OfType<Econeura.Domain.Executions.ExecutionRequested>().Single().EstimatedCostEur, costs[0].CostEur);
        Assert.Equal(costs.Sum(c => c.CostEur), events.OfType<Econeura.Domain.Executions.ExecutionCompleted>().Single().CostEur);
        await using var session = Portal.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession(PortalFixture.User("ana").TenantId);
        var view = await session.LoadAsync<ExecutionView>(events.OfType<Econeura.Domain.Executions.ExecutionRequested>().Single().ExecutionId);
        Assert.Contains(view!.Timeline, entry => entry.Kind == TimelineEntryKind.Unconfirmed);
    }
}

/// <summary>
/// The same with a chat model on a real OpenAI-compatible server: the provider counts every call it received, and the
/// ledger records exactly as many, each once, so what Econeura records matches what the provider bills.
/// </summary>
public sealed class LostChatReplyTests : LinkedPortalTest
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Database:LongestWait"] = "00:00:00.5" };

    [Fact]
    public async Task The_provider_received_as_many_calls_as_the_ledger_records_each_charged_once()
    {
        await using var provider = await TestAgentServer.StartAsync();
        var reply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.Script("chat", new TestAgentServer.Answer(200, """
            {"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hecho"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":40,"total_tokens":52}}
            """, Held: reply.Task));
        await Econeura.Portal.Tests.Agents.AgentServerFixture.RouteAsync(Portal.Services, PortalFixture.User("ana").TenantId, "neura-1", agent => agent with
        {
            Route = AgentRoute.Chat, Model = "gpt-4o",
            Chat = new ChatSettings { Endpoint = provider.BaseUrl + "/v1/", Deployment = "gpt-4o", MaxOutputTokens = 256 },
        });

        // Cut when the provider holds the request, so its answer comes while the database is away.
        var events = await LostReply.RunAsync(Portal, Link, callReached: () => !provider.Requests.IsEmpty, release: () => reply.TrySetResult(), untilGivenUp: true);

        var billed = provider.Requests.Count(r => r.Path == "/v1/chat/completions");
        var costs = events.OfType<Econeura.Domain.FinOps.CostRecorded>().ToList();
        Assert.Equal(2, billed);
        Assert.Equal(billed, costs.Count);
        Assert.Equal([true, false], costs.Select(c => c.Unconfirmed));
        Assert.Equal((12, 40), (costs[1].InputTokens, costs[1].OutputTokens));
        Assert.True(costs[0].CostEur >= costs[1].CostEur, "the lost call is charged at the most it could cost");
    }
}

internal static class LostReply
{
    /// <summary>
    /// Launches; once the agent holds the call, cuts the database and lets the agent answer; restores the database once
    /// the portal has failed to save the reply (<paramref name="untilGivenUp"/>: once it has stopped waiting to save it);
    /// and returns the execution's events once it completes. Each step waits for what it needs, not for a length of time.
    /// </summary>
    public static async Task<List<object>> RunAsync(PortalFactory portal, DatabaseLink link, Func<bool> callReached, Action release, bool untilGivenUp)
    {
        using var dispatch = new DispatchTrace();
        var ana = await portal.ClientForAsync(DevelopmentPersonas.Get("ana"));
        var launched = await ana.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = "Resume el trimestre" });
        var execution = (await launched.Content.ReadFromJsonAsync<ExecutionResource>(PortalFactory.Json))!;
        await Eventually.Until(() => Task.FromResult(callReached()), reached => reached, "the agent to receive the call");

        link.Cut();
        var before = dispatch.Of(execution.CorrelationId);
        release(); // the agent answers while the database is away
        if (untilGivenUp)
            await Eventually.Until(() => Task.FromResult(dispatch.Of(execution.CorrelationId)), now => now.Ended > before.Ended, "the dispatch to give up waiting for the database");
        else
            await Eventually.Until(() => Task.FromResult(dispatch.Of(execution.CorrelationId)), now => now.FailedCommands > before.FailedCommands, "the reply's save to fail");
        link.Restore();

        await Eventually.Until(() => ana.GetFromJsonAsync<ExecutionResource>($"/api/v1/executions/{execution.Id}", PortalFactory.Json),
            read => read?.Status == "Completed", "the execution to complete once the database is back", timeoutSeconds: 60);
        await using var session = portal.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession(PortalFixture.User("ana").TenantId);
        return (await session.Events.FetchStreamAsync(execution.Id)).Select(e => e.Data).ToList();
    }

    /// <summary>
    /// What happened in an execution's trace (its correlation id): dispatch runs that ended, whichever way (one that gave
    /// up ends too), and database commands that failed.
    /// </summary>
    private sealed class DispatchTrace : IDisposable
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Ended, int FailedCommands)> _traces = new();
        private readonly ActivityListener _listener;

        public DispatchTrace()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name is Telemetry.SourceName or "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity =>
                {
                    var trace = activity.TraceId.ToString();
                    if (activity.OperationName == "execution.dispatch")
                        _traces.AddOrUpdate(trace, (1, 0), (_, seen) => seen with { Ended = seen.Ended + 1 });
                    else if (activity.Source.Name == "Npgsql" && activity.Status == ActivityStatusCode.Error)
                        _traces.AddOrUpdate(trace, (0, 1), (_, seen) => seen with { FailedCommands = seen.FailedCommands + 1 });
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public (int Ended, int FailedCommands) Of(string correlationId) => _traces.GetValueOrDefault(correlationId);

        public void Dispose() => _listener.Dispose();
    }
}

/// <summary>
/// The simulator, except that its replies wait for the test: the test knows when the agent holds the call, and lets it answer.
/// </summary>
internal sealed class HeldSimulator
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _reached;

    public bool Reached() => Volatile.Read(ref _reached) > 0;

    public void Release() => _release.TrySetResult();

    public PortalFactory Portal(string connectionString, IReadOnlyDictionary<string, string?> settings) => new Factory(connectionString, settings, this);

    private sealed class Connector(SimulatorConnector simulator, HeldSimulator held) : IAgentConnector
    {
        public AgentRoute Route => simulator.Route;

        public async Task<AgentReply> InvokeAsync(AgentInvocation invocation, AnswerText onText, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref held._reached);
            await held._release.Task.WaitAsync(cancellationToken);
            return await simulator.InvokeAsync(invocation, onText, cancellationToken);
        }
    }

    private sealed class Factory(string connectionString, IReadOnlyDictionary<string, string?> settings, HeldSimulator held)
        : PortalFactory(connectionString, settings: settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.Remove(services.Single(s => s.ServiceType == typeof(IAgentConnector) && s.ImplementationType == typeof(SimulatorConnector)));
                services.AddSingleton<IAgentConnector>(provider => new Connector(ActivatorUtilities.CreateInstance<SimulatorConnector>(provider), held));
            });
        }
    }
}
