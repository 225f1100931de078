using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Econeura.Portal.Features.Agents.Routing;
using Econeura.Portal.Infrastructure.Egress;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static Econeura.Testing.TestAgentServer;

namespace Econeura.Portal.Tests.Agents;

/// <summary>
/// Plays a DNS name whose answer changes between two look-ups (rebinding): the first answer is a public address, every
/// later one loopback. Other names resolve as usual.
/// </summary>
public sealed class RebindingResolver : IHostResolver
{
    public const string Name = "rebind.example.test";
    private int _lookups;

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        host.Equals(Name, StringComparison.OrdinalIgnoreCase)
            ? Task.FromResult<IPAddress[]>([Interlocked.Increment(ref _lookups) == 1 ? IPAddress.Parse("93.184.216.34") : IPAddress.Loopback])
            : Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>A portal whose connectors meet the rebinding name, with the tenant-scoped secrets of two tenants.</summary>
public class TenantEdgesFixture : AgentServerFixture
{
    public static readonly string Contoso = DevelopmentPersonas.Contoso.Id;
    public static readonly string Fabrikam = DevelopmentPersonas.Fabrikam.Id;
    public const string FabrikamToken = "fabrikam-own-token-0123456789";
    public const string SharedSigningKey = "platform-shared-signing-0123456789";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"Secrets:Tenants:{Fabrikam}:fabrikam-token"] = FabrikamToken,
        ["Secrets:Platform:shared-signing:Value"] = SharedSigningKey,
        ["Secrets:Platform:shared-signing:Tenants"] = Fabrikam,
        ["Agents:Http:RetryDelay"] = "00:00:00.05",
        ["Agents:Http:BreakerMinimumThroughput"] = "4",
    };

    protected override PortalFactory CreatePortal(string connectionString) => new RebindingPortal(connectionString, Settings);

    /// <summary>An admin's save of a webhook route through the API, on the agent as the admin read it.</summary>
    public async Task<HttpResponseMessage> SaveWebhookAsync(string admin, string agentId, JsonObject webhook)
    {
        var client = await Portal.ClientForAsync(admin);
        var agent = JsonNode.Parse(await client.GetStringAsync("/api/v1/admin/agents"))!.AsArray().Single(a => (string?)a!["agent"]!["id"] == agentId)!["agent"]!.AsObject();
        agent["route"] = "webhook";
        agent["webhook"] = webhook;
        return await client.PutAsJsonAsync($"/api/v1/admin/agents/{agentId}", agent);
    }

    public Task WebhookAsync(string tenantId, string agentId, string url, string? authSecret = null, string? signingSecret = null) =>
        RouteAsync(tenantId, agentId, agent => agent with
        {
            Route = AgentRoute.Webhook,
            Webhook = new WebhookSettings { Url = url, AuthHeader = "X-Api-Key", AuthSecret = authSecret, SigningSecret = signingSecret },
        });

    private sealed class RebindingPortal(string connectionString, IReadOnlyDictionary<string, string?> settings)
        : PortalFactory(connectionString, settings: settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IHostResolver, RebindingResolver>());
        }
    }
}

/// <summary>The same portal with loopback closed again, as in production, and opened for Fabrikam alone.</summary>
public sealed class ClosedEgressFixture : TenantEdgesFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Egress:AllowedRanges"] = "",
        [$"Egress:Tenants:{Fabrikam}:AllowedRanges"] = "127.0.0.0/8",
    };
}

/// <summary>Secrets, breakers and replies at the connectors' edge: one tenant can neither use nor disturb another's.</summary>
public sealed class TenantSafeConnectorTests(TenantEdgesFixture fixture) : IClassFixture<TenantEdgesFixture>
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly PortalUser Elena = PortalFixture.User("elena");

    [Fact]
    public async Task An_admin_cannot_name_another_tenants_secret_or_an_ungranted_platform_secret_at_save_or_at_call()
    {
        var capture = fixture.Agents.Script("capture", new Answer(200, """{"output":"ok"}"""));
        var refused = await fixture.SaveWebhookAsync("diego", "neura-9",
            new JsonObject { ["url"] = capture, ["authHeader"] = "X-Api-Key", ["authSecret"] = "fabrikam-token", ["signingSecret"] = "shared-signing" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["webhook.authSecret", "webhook.signingSecret"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("No secret of this name is configured for your organisation", errors.GetProperty("webhook.authSecret")[0].GetString());

        // A route written before secrets belonged to tenants: it reads as unresolved, exactly like a name nobody has, and the call sends nothing.
        await fixture.WebhookAsync(Contoso, "neura-9", capture, authSecret: "fabrikam-token", signingSecret: "shared-signing");
        var diego = await fixture.Portal.ClientForAsync("diego");
        var listed = JsonNode.Parse(await diego.GetStringAsync("/api/v1/admin/agents"))!.AsArray().Single(a => (string?)a!["agent"]!["id"] == "neura-9")!;
        Assert.All(listed["secrets"]!.AsArray(), s => Assert.False((bool)s!["resolves"]!));
        var events = await fixture.DispatchAsync(Contoso, await fixture.RequestWithoutJobAsync(Ana, "neura-9", "reception"));

        Assert.Empty(fixture.Agents.To("capture"));
        Assert.Equal("No secret named 'fabrikam-token' is configured for your organisation.", Assert.Single(events.OfType<ExecutionFailed>()).LastError);
    }

    private static string Contoso => TenantEdgesFixture.Contoso;
    private static string Fabrikam => TenantEdgesFixture.Fabrikam;

    [Fact]
    public async Task The_owning_tenant_saves_and_sends_its_own_secret_and_the_platform_secret_granted_to_it()
    {
        var capture = fixture.Agents.Script("fabrikam-capture", new Answer(200, """{"output":"ok"}"""));
        var saved = await fixture.SaveWebhookAsync("fabio", "neura-9",
            new JsonObject { ["url"] = capture, ["authHeader"] = "X-Api-Key", ["authSecret"] = "fabrikam-token", ["signingSecret"] = "shared-signing" });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var events = await fixture.DispatchAsync(Fabrikam, await fixture.RequestWithoutJobAsync(Elena, "neura-9", "reception"));
        Assert.Single(events.OfType<ExecutionCompleted>());
        var call = Assert.Single(fixture.Agents.To("fabrikam-capture"));
        Assert.Equal(TenantEdgesFixture.FabrikamToken, call.Headers["X-Api-Key"]);
        Assert.Equal(WebhookSignature.Sign(TenantEdgesFixture.SharedSigningKey, call.Headers[WebhookConnector.TimestampHeader], call.Body),
            call.Headers[WebhookConnector.SignatureHeader]);
    }

    [Theory]
    [InlineData(303)]
    [InlineData(307)]
    public async Task A_redirect_is_not_followed_and_fails_the_execution_saying_so(int status)
    {
        var target = $"{fixture.Agents.BaseUrl}/elsewhere/metadata-{status}";
        fixture.Agents.Script($"metadata-{status}", new Answer(200, """{"output":"AccessKeyId: ASIA-secret"}"""));
        await fixture.WebhookAsync(Fabrikam, "neura-10", fixture.Agents.Script($"redirect-{status}", new Answer(status, Location: target)), authSecret: "fabrikam-token");

        var events = await fixture.DispatchAsync(Fabrikam, await fixture.RequestWithoutJobAsync(Elena, "neura-10", "research"));

        Assert.DoesNotContain(fixture.Agents.Requests, r => r.Path.StartsWith("/elsewhere/", StringComparison.Ordinal));
        Assert.Empty(events.OfType<AgentResponded>());
        Assert.Equal($"The agent answered with a redirect (HTTP {status}), which is not followed: route the agent to the final address.",
            Assert.Single(events.OfType<ExecutionFailed>()).LastError);
    }

    [Fact]
    public async Task A_redirect_to_a_file_address_is_a_failed_attempt_and_frees_the_execution_at_once()
    {
        await fixture.WebhookAsync(Contoso, "neura-11", fixture.Agents.Script("file", new Answer(302, Location: "file:///etc/passwd")));

        var events = await fixture.DispatchAsync(Contoso, await fixture.RequestWithoutJobAsync(Ana, "neura-11", "support"));

        Assert.IsType<ExecutionFailed>(events[^1]);
    }

    [Fact]
    public async Task A_chat_reply_the_sdk_cannot_read_is_a_failed_attempt_with_a_readable_reason_not_an_execution_stuck_in_flight()
    {
        fixture.Agents.Script("chat", new Answer(200, """
            {"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"x"},"finish_reason":"poisoned"}],
             "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}
            """));
        await fixture.RouteAsync(Contoso, "neura-8", agent => agent with
        {
            Route = AgentRoute.Chat,
            Chat = new ChatSettings { Endpoint = fixture.Agents.BaseUrl + "/v1/", Deployment = "gpt-4o" },
        });
        var id = await fixture.RequestWithoutJobAsync(Ana, "neura-8", "legal");

        var events = await fixture.DispatchAsync(Contoso, id);

        var failed = Assert.IsType<DispatchFailed>(events[^1]);
        Assert.Equal("The agent's answer could not be read.", failed.Error);
    }

    [Fact]
    public async Task A_closed_port_reads_like_any_unreachable_agent_naming_neither_the_address_nor_the_kind_of_failure()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await fixture.WebhookAsync(Contoso, "neura-1", $"http://127.0.0.1:{port}/secret-path-token");

        var events = await fixture.DispatchAsync(Contoso, await fixture.RequestWithoutJobAsync(Ana, "neura-1", "analytics"));

        Assert.Equal("The agent could not be reached.", Assert.Single(events.OfType<DispatchFailed>()).Error);
        Assert.False(fixture.Portal.Logs.Contain("secret-path-token"));
    }

    [Fact]
    public async Task One_tenants_failures_open_its_own_circuit_to_a_host_and_another_tenants_calls_to_that_host_go_on()
    {
        var down = fixture.Agents.Script("contoso-down", new Answer(503));
        var up = fixture.Agents.Script("fabrikam-up", new Answer(200, """{"output":"sigo"}"""));
        // A host name of this test's own, so that no other test shares these circuits.
        var (downUrl, upUrl) = (down.Replace("127.0.0.1", "breaker.localhost"), up.Replace("127.0.0.1", "breaker.localhost"));
        await fixture.WebhookAsync(Contoso, "neura-2", downUrl);
        await fixture.WebhookAsync(Fabrikam, "neura-2", upUrl);
        for (var i = 0; i < 3; i++) await fixture.DispatchAsync(Contoso, await fixture.RequestWithoutJobAsync(Ana, "neura-2", "cdo"));
        Assert.NotNull(fixture.Service<AgentCircuits>().OpenUntil(Contoso, downUrl));

        var events = await fixture.DispatchAsync(Fabrikam, await fixture.RequestWithoutJobAsync(Elena, "neura-2", "cdo"));

        Assert.Equal("sigo", Assert.Single(events.OfType<AgentResponded>()).Output);
        Assert.Null(fixture.Service<AgentCircuits>().OpenUntil(Fabrikam, upUrl));
    }

    [Theory]
    [InlineData("café-ñ")]
    [InlineData("a b")]
    [InlineData("id\u00a0x")]
    [InlineData("zero\u200bwidth")]
    [InlineData("tab\tinside")]
    public async Task A_correlation_id_that_could_not_be_forwarded_is_refused_at_the_gateway_and_nothing_is_launched(string correlationId)
    {
        // A client that sends header bytes as UTF-8, as the probe's did; .NET's default refuses non-ASCII itself.
        using var client = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 }) { BaseAddress = fixture.Portal.Address };
        var ana = await fixture.Portal.ClientForAsync("ana");
        client.DefaultRequestHeaders.Authorization = ana.DefaultRequestHeaders.Authorization;
        var before = await CountAsync(Contoso);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/invoke/neura-1") { Content = JsonContent.Create(new { input = "Hola" }) };
        request.Headers.Add("X-Route", "webhook");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", correlationId);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("X-Correlation-Id", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(before, await CountAsync(Contoso));
    }

    private async Task<int> CountAsync(string tenantId)
    {
        await using var session = fixture.Store.QuerySession(tenantId);
        return await session.Query<ExecutionView>().CountAsync();
    }
}

public sealed class UnscopedSecretsTests
{
    [Fact]
    public async Task A_secret_that_belongs_to_no_tenant_stops_the_start_saying_where_it_belongs_without_its_value()
    {
        await using var database = await Econeura.Testing.TestDatabase.CreateAsync();
        await using var portal = new PortalFactory(database.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Secrets:make-token"] = "old-style-value-0123456789",
        });

        var refused = Assert.ThrowsAny<Exception>(portal.StartServer).ToString();

        Assert.Contains("Secrets:make-token no longer work", refused);
        Assert.Contains("Secrets:Tenants:<tenant id>:<name>", refused);
        Assert.DoesNotContain("old-style-value", refused);
    }
}

/// <summary>The egress policy: no address inside the portal's networks, however it is written or resolved, unless opened.</summary>
public sealed class EgressPolicyTests(ClosedEgressFixture fixture) : IClassFixture<ClosedEgressFixture>
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly PortalUser Elena = PortalFixture.User("elena");

    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://127.1/hook")]
    [InlineData("http://2130706433/hook")]
    [InlineData("http://0x7f000001/hook")]
    [InlineData("http://017700000001/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://0.0.0.0/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://anything.localhost/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.20.0.1/hook")]
    [InlineData("http://192.168.1.10/hook")]
    [InlineData("http://100.64.0.1/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://[fc00::1]/hook")]
    [InlineData("http://168.63.129.16/hook")]
    public async Task Every_spelling_of_an_internal_address_is_refused_at_save(string url)
    {
        var refused = await fixture.SaveWebhookAsync("diego", "neura-3", new JsonObject { ["url"] = url });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("private or internal network", errors.GetProperty("webhook.url")[0].GetString());
    }

    [Fact]
    public async Task A_route_to_loopback_saved_before_the_policy_is_refused_where_it_connects_and_nothing_reaches_it()
    {
        await fixture.WebhookAsync(Ana.TenantId, "neura-4", fixture.Agents.Script("inside", new Answer(200, """{"output":"dentro"}""")));

        var events = await fixture.DispatchAsync(Ana.TenantId, await fixture.RequestWithoutJobAsync(Ana, "neura-4", "chro"));

        Assert.Empty(fixture.Agents.To("inside"));
        Assert.StartsWith("The agent's address is in a private or internal network", Assert.Single(events.OfType<ExecutionFailed>()).LastError);
    }

    [Fact]
    public async Task A_name_public_at_save_and_loopback_at_call_is_refused_where_it_connects()
    {
        var url = fixture.Agents.Script("rebound", new Answer(200, """{"output":"dentro"}""")).Replace("127.0.0.1", RebindingResolver.Name);
        Assert.Equal(HttpStatusCode.OK, (await fixture.SaveWebhookAsync("diego", "neura-5", new JsonObject { ["url"] = url })).StatusCode);

        var events = await fixture.DispatchAsync(Ana.TenantId, await fixture.RequestWithoutJobAsync(Ana, "neura-5", "ciso"));

        Assert.Empty(fixture.Agents.To("rebound"));
        Assert.StartsWith("The agent's address is in a private or internal network", Assert.Single(events.OfType<ExecutionFailed>()).LastError);
    }

    [Fact]
    public async Task A_range_the_operator_opened_for_one_tenant_is_open_to_that_tenant_alone()
    {
        var url = fixture.Agents.Script("opened", new Answer(200, """{"output":"abierto"}"""));
        await fixture.WebhookAsync(Elena.TenantId, "neura-6", url);
        await fixture.WebhookAsync(Ana.TenantId, "neura-6", url);

        var fabrikam = await fixture.DispatchAsync(Elena.TenantId, await fixture.RequestWithoutJobAsync(Elena, "neura-6", "cmo"));
        var contoso = await fixture.DispatchAsync(Ana.TenantId, await fixture.RequestWithoutJobAsync(Ana, "neura-6", "cmo"));

        Assert.Equal("abierto", Assert.Single(fabrikam.OfType<AgentResponded>()).Output);
        Assert.Empty(contoso.OfType<AgentResponded>());
        Assert.Single(fixture.Agents.To("opened"));
    }
}
