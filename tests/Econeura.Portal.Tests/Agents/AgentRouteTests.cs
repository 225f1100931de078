using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Econeura.Portal.Features.Agents.Routing;
using static Econeura.Testing.TestAgentServer;

namespace Econeura.Portal.Tests.Agents;

public sealed class AgentRoutesFixture : AgentServerFixture
{
    public const string Token = "hook-token-value-0123456789";
    public const string SigningKey = "hook-signing-key-0123456789";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"Secrets:Tenants:{DevelopmentPersonas.Contoso.Id}:test-hook-token"] = Token,
        [$"Secrets:Tenants:{DevelopmentPersonas.Contoso.Id}:test-hook-signing"] = SigningKey,
        [$"Secrets:Tenants:{DevelopmentPersonas.Contoso.Id}:test-chat-key"] = "chat-key-0123456789",
        ["Agents:Http:RetryDelay"] = "00:00:00.1",
        ["Agents:Http:BreakerMinimumThroughput"] = "4",
    };
}

/// <summary>Webhook and chat routes against a real HTTP server: what is sent, what is retried, what is recorded and charged.</summary>
public sealed class AgentRouteTests(AgentRoutesFixture fixture) : IClassFixture<AgentRoutesFixture>
{
    private static readonly Econeura.Portal.Infrastructure.Security.PortalUser Ana = PortalFixture.User("ana");

    private Task RouteAsync(string agentId, Func<AgentDefinition, AgentDefinition> change) => fixture.RouteAsync(Ana.TenantId, agentId, change);

    private Task WebhookAsync(string agentId, string url, int timeoutSeconds = 30, int maxResponseBytes = 256 * 1024) =>
        RouteAsync(agentId, agent => agent with
        {
            Route = AgentRoute.Webhook,
            Webhook = new WebhookSettings
            {
                Url = url, AuthHeader = "X-Make-ApiKey", AuthSecret = "test-hook-token", SigningSecret = "test-hook-signing",
                TimeoutSeconds = timeoutSeconds, MaxResponseBytes = maxResponseBytes,
            },
        });

    private Task<List<object>> DispatchAsync(Guid id, string jobId = "job-1") => fixture.DispatchAsync(Ana.TenantId, id, jobId);

    private Task<List<object>> EventsAsync(Guid id) => fixture.EventsAsync(Ana.TenantId, id);

    [Fact]
    public async Task A_launch_reaches_the_webhook_signed_with_its_key_and_trace_and_a_500_is_retried_once_with_the_same_idempotency_key()
    {
        await WebhookAsync("neura-1", fixture.Agents.Script("retry", new Answer(500, "{\"error\":\"busy\"}"),
            new Answer(200, """{"output":"Informe listo","usage":{"inputTokens":40,"outputTokens":12}}""")));
        var api = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Get("ana"));
        var launched = await (await api.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = "Resume el trimestre para ana@example.com" }))
            .Content.ReadFromJsonAsync<ExecutionResource>(PortalFactory.Json);

        var done = await Eventually.Until(() => api.GetFromJsonAsync<ExecutionResource>($"/api/v1/executions/{launched!.Id}", PortalFactory.Json),
            e => e?.Status is "Completed" or "Failed", "the webhook execution to finish");

        Assert.Equal("Completed", done!.Status);
        Assert.Equal("Informe listo", done.Output);
        var calls = fixture.Agents.To("retry");
        Assert.Equal(2, calls.Count);
        Assert.All(calls, call =>
        {
            Assert.Equal(AgentRoutesFixture.Token, call.Headers["X-Make-ApiKey"]);
            Assert.Equal($"{launched!.Id:N}-1", call.Headers["Idempotency-Key"]);
            // One trace from the API call through the job to the webhook: the execution's correlation id is its trace id.
            Assert.StartsWith($"00-{done.CorrelationId}-", call.Headers["traceparent"]);
            Assert.Equal(WebhookSignature.Sign(AgentRoutesFixture.SigningKey, call.Headers[WebhookConnector.TimestampHeader], call.Body),
                call.Headers[WebhookConnector.SignatureHeader]);
            var body = JsonDocument.Parse(call.Body).RootElement;
            Assert.Equal("neura-1", body.GetProperty("agentId").GetString());
            Assert.DoesNotContain("ana@example.com", body.GetProperty("input").GetString());
            Assert.Equal(Ana.TenantId, body.GetProperty("tenant").GetString());
        });
        var events = await EventsAsync(launched!.Id);
        Assert.Single(events.OfType<AgentResponded>());
        var cost = Assert.Single(events.OfType<CostRecorded>());
        Assert.Equal((40, 12), (cost.InputTokens, cost.OutputTokens));
    }

    [Fact]
    public async Task A_400_is_not_retried_and_fails_with_the_receivers_message_masked()
    {
        await WebhookAsync("neura-2", fixture.Agents.Script("refuse", new Answer(400, "{\"error\":\"campo 'input' no válido para bea@example.com\"}")));
        var id = await fixture.RequestWithoutJobAsync(Ana, "neura-2", "cdo");

        var events = await DispatchAsync(id);

        Assert.Single(fixture.Agents.To("refuse"));
        var failed = Assert.Single(events.OfType<ExecutionFailed>());
        Assert.Equal(FailureCause.AgentRefused, failed.Cause);
        Assert.StartsWith("HTTP 400 from the agent", failed.LastError);
        Assert.Contains("no válido", failed.LastError);
        Assert.DoesNotContain("bea@example.com", failed.LastError);
        Assert.Empty(events.OfType<CostRecorded>());
    }

    [Fact]
    public async Task A_receiver_too_slow_for_the_routes_timeout_is_tried_three_times_then_left_to_the_jobs_next_attempt()
    {
        await WebhookAsync("neura-3", fixture.Agents.Script("slow", new Answer(200, "{\"output\":\"tarde\"}", Delay: TimeSpan.FromSeconds(3))), timeoutSeconds: 1);
        var id = await fixture.RequestWithoutJobAsync(Ana, "neura-3", "cfo");

        var events = await DispatchAsync(id);

        Assert.Equal(3, fixture.Agents.To("slow").Count);
        var failed = Assert.Single(events.OfType<DispatchFailed>());
        Assert.True(failed.WillRetry);
        Assert.Equal("The agent did not answer within 1 s.", failed.Error);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_retry_after_and_an_answer_over_the_cap_is_refused()
    {
        await WebhookAsync("neura-4", fixture.Agents.Script("busy", new Answer(429, RetryAfter: "1"), new Answer(200, "Texto plano", "text/plain")));
        var busy = await fixture.RequestWithoutJobAsync(Ana, "neura-4", "chro");
        var answered = await DispatchAsync(busy);
        Assert.Equal(2, fixture.Agents.To("busy").Count);
        Assert.Equal("Texto plano", Assert.Single(answered.OfType<AgentResponded>()).Output);

        await WebhookAsync("neura-5", fixture.Agents.Script("huge", new Answer(200, "{\"output\":\"" + new string('x', 5000) + "\"}")), maxResponseBytes: 1024);
        var huge = await fixture.RequestWithoutJobAsync(Ana, "neura-5", "ciso");
        var refused = await DispatchAsync(huge);
        Assert.Contains("larger than the 1,024 bytes", Assert.Single(refused.OfType<ExecutionFailed>()).LastError);
        Assert.Empty(refused.OfType<AgentResponded>());
    }

    [Fact]
    public async Task A_job_run_twice_calls_once_and_records_one_reply_and_one_charge()
    {
        await WebhookAsync("neura-6", fixture.Agents.Script("twice", new Answer(200, "{\"output\":\"una vez\"}", Delay: TimeSpan.FromMilliseconds(300))));
        var id = await fixture.RequestWithoutJobAsync(Ana, "neura-6", "cmo");

        await Task.WhenAll(DispatchAsync(id, "job-a"), DispatchAsync(id, "job-b"));
        var events = await DispatchAsync(id, "job-a");

        Assert.Single(fixture.Agents.To("twice"));
        Assert.Single(events.OfType<AgentResponded>());
        Assert.Single(events.OfType<CostRecorded>());
    }

    [Fact]
    public async Task Repeated_failures_open_the_circuit_and_calls_pause_without_reaching_the_receiver()
    {
        var url = fixture.Agents.Script("down", new Answer(503));
        // Its own host name, so that this circuit is not another test's.
        await WebhookAsync("neura-7", url.Replace("127.0.0.1", "localhost"));
        for (var i = 0; i < 3; i++) await DispatchAsync(await fixture.RequestWithoutJobAsync(Ana, "neura-7", "cto"));
        var reached = fixture.Agents.To("down").Count;

        var paused = await DispatchAsync(await fixture.RequestWithoutJobAsync(Ana, "neura-7", "cto"));

        Assert.Equal(reached, fixture.Agents.To("down").Count);
        Assert.StartsWith("Calls to this agent are paused after repeated failures", Assert.Single(paused.OfType<DispatchFailed>()).Error);
        Assert.NotNull(fixture.Service<AgentCircuits>().OpenUntil(Ana.TenantId, url.Replace("127.0.0.1", "localhost")));
    }

    [Fact]
    public async Task A_chat_model_gets_the_system_prompt_and_its_reported_usage_is_priced()
    {
        fixture.Agents.Script("chat", new Answer(200, """
            {"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Plan de tesorería listo"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":1200,"completion_tokens":300,"total_tokens":1500}}
            """));
        await RouteAsync("neura-8", agent => agent with
        {
            Route = AgentRoute.Chat, Model = "gpt-4o",
            Chat = new ChatSettings { Endpoint = fixture.Agents.BaseUrl + "/v1/", Deployment = "gpt-4o", ApiKeySecret = "test-chat-key", SystemPrompt = "Eres el agente legal." },
        });
        var id = await fixture.RequestWithoutJobAsync(Ana, "neura-8", "legal");

        var events = await DispatchAsync(id);

        Assert.Equal("Plan de tesorería listo", Assert.Single(events.OfType<AgentResponded>()).Output);
        var cost = Assert.Single(events.OfType<CostRecorded>());
        // 1,200 × 0.0023 + 300 × 0.0092 = 5.52 per thousand, exact (it used to be rounded to 0.0055).
        Assert.Equal((1200, 300, 0.00552m), (cost.InputTokens, cost.OutputTokens, cost.CostEur));
        var call = Assert.Single(fixture.Agents.Requests, r => r.Path == "/v1/chat/completions");
        Assert.Equal("Bearer chat-key-0123456789", call.Headers["Authorization"]);
        Assert.Contains("Eres el agente legal.", Encoding.UTF8.GetString(call.Body));
    }
}
