using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Econeura.Portal.Tests.Executions;

/// <summary>The original clients' door, on its original wire contract.</summary>
public sealed class InvokeGatewayTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private static HttpRequestMessage Invoke(string agentId, string body, string? correlationId, string? route = "make", string contentType = "application/json")
    {
        // Expect: 100-continue lets the server refuse an oversized body before it is sent, instead of closing mid-upload.
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/invoke/{agentId}")
        {
            Content = new StringContent(body, Encoding.UTF8, contentType), Headers = { ExpectContinue = true },
        };
        if (route is not null) request.Headers.Add("X-Route", route);
        if (correlationId is not null) request.Headers.Add("X-Correlation-Id", correlationId);
        return request;
    }

    private static string Body(string input) => JsonSerializer.Serialize(new { input, policy = new { pii = "mask" }, meta = new { agentId = "neura-10", source = "ui" } });

    private async Task<int> StoredAsync(string correlationId)
    {
        await using var session = fixture.Store.QuerySession(PortalFixture.User("ana").TenantId);
        return await session.Query<ExecutionView>().CountAsync(v => v.CorrelationId == correlationId);
    }

    [Fact]
    public async Task An_invocation_is_accepted_with_where_to_follow_it_and_runs_through_dlp()
    {
        var ana = await fixture.Portal.ClientForAsync("ana");
        var correlationId = $"crm-{Guid.NewGuid():N}";

        var response = await ana.SendAsync(Invoke("neura-10", Body("Llama a ana@example.com mañana"), correlationId));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var statusUrl = accepted.GetProperty("statusUrl").GetString();
        Assert.Equal(statusUrl, response.Headers.Location?.ToString());
        Assert.Equal(correlationId, accepted.GetProperty("correlationId").GetString());
        var execution = await ana.GetFromJsonAsync<ExecutionResource>(statusUrl, PortalFactory.Json);
        Assert.Equal(correlationId, execution!.CorrelationId);
        Assert.DoesNotContain("ana@example.com", execution.Input);
    }

    [Fact]
    public async Task A_client_that_prefers_to_wait_gets_the_outcome()
    {
        var ana = await fixture.Portal.ClientForAsync("ana");
        var request = Invoke("neura-10", Body("Resume el informe"), $"crm-{Guid.NewGuid():N}");
        request.Headers.Add("Prefer", "wait=20");

        var response = await ana.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("wait=20", response.Headers.GetValues("Preference-Applied").Single());
        var execution = await response.Content.ReadFromJsonAsync<ExecutionResource>(PortalFactory.Json);
        Assert.Equal("Completed", execution!.Status);
        Assert.NotNull(execution.Output);
    }

    [Fact]
    public async Task Without_a_bearer_token_the_gateway_answers_401()
    {
        var response = await fixture.Portal.CreateClient().SendAsync(Invoke("neura-10", Body("Hola"), "crm-1"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Bad_requests_get_a_problem_document_and_store_nothing()
    {
        var ana = await fixture.Portal.ClientForAsync("ana");
        var correlationId = $"crm-{Guid.NewGuid():N}";
        var cases = new (HttpRequestMessage Request, HttpStatusCode Status, string Says)[]
        {
            (Invoke("neura-10", Body("Hola"), null), HttpStatusCode.BadRequest, "X-Correlation-Id"),
            (Invoke("neura-10", Body("Hola"), correlationId, route: null), HttpStatusCode.BadRequest, "X-Route"),
            (Invoke("neura-404", Body("Hola"), correlationId), HttpStatusCode.NotFound, "neura-404"),
            (Invoke("neura-10", "{\"input\": \"Hola\"", correlationId), HttpStatusCode.BadRequest, "not valid JSON"),
            (Invoke("neura-10", "{\"input\": \"Hola\", \"priority\": \"high\"}", correlationId), HttpStatusCode.BadRequest, "not valid JSON"),
            (Invoke("neura-10", "input=Hola", correlationId, contentType: "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType, "Unsupported Media Type"),
            (Invoke("neura-10", Body(new string('x', 10 * 1024 * 1024)), correlationId), HttpStatusCode.RequestEntityTooLarge, "Content Too Large"),
        };

        foreach (var (request, status, says) in cases)
        {
            var response = await ana.SendAsync(request);
            Assert.True(status == response.StatusCode, $"{request.RequestUri}: {response.StatusCode}, expected {status}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadAsStringAsync();
            Assert.True(problem.Contains(says), $"{status}: {problem}");
        }
        Assert.Equal(0, await StoredAsync(correlationId));
    }

    private static string Body(string input, string pii, object meta) => JsonSerializer.Serialize(new { input, policy = new { pii }, meta });

    private async Task<ExecutionResource> InvokedAsync(HttpClient client, string agentId, string body)
    {
        var response = await client.SendAsync(Invoke(agentId, body, $"crm-{Guid.NewGuid():N}"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await client.GetFromJsonAsync<ExecutionResource>(response.Headers.Location, PortalFactory.Json))!;
    }

    [Fact]
    public async Task Policy_pii_redacts_what_the_agents_policy_lets_through_and_never_loosens_what_it_redacts()
    {
        var ana = await fixture.Portal.ClientForAsync("ana");
        var diego = await fixture.Portal.ClientForAsync("diego");
        (await diego.PutAsJsonAsync("/api/v1/agents/neura-2/dlp-policy", new { defaultAction = "allow", version = 0 })).EnsureSuccessStatusCode();
        const string Input = "Llama a ana@example.com mañana";

        var allowedButMasked = await InvokedAsync(ana, "neura-2", Body(Input, "mask", new { }));
        var allowedAsAsked = await InvokedAsync(ana, "neura-2", JsonSerializer.Serialize(new { input = Input }));
        var redactedByTheAgent = await InvokedAsync(ana, "neura-10", Body(Input, "mask", new { }));

        Assert.Equal("Llama a a**@example.com mañana", allowedButMasked.Input);
        Assert.Equal(Input, allowedAsAsked.Input);
        Assert.Equal("Llama a <EMAIL_1> mañana", redactedByTheAgent.Input);
    }

    [Fact]
    public async Task Meta_is_recorded_on_the_execution_and_shown_where_it_is_read()
    {
        var ana = await fixture.Portal.ClientForAsync("ana");

        var execution = await InvokedAsync(ana, "neura-10", Body("Resume el informe", "replace", new { source = "crm", ticket = "T-1234" }));

        Assert.Equal(new Dictionary<string, string> { ["source"] = "crm", ["ticket"] = "T-1234" }, execution.Meta);
    }

    [Fact]
    public async Task A_pii_operator_or_meta_that_cannot_be_honoured_is_refused_and_nothing_is_stored()
    {
        var ana = await fixture.Portal.ClientForAsync("ana");
        var correlationId = $"crm-{Guid.NewGuid():N}";
        var tooMany = Enumerable.Range(0, InvokeGateway.MostMetaEntries + 1).ToDictionary(i => $"k{i}", i => "v");
        var cases = new (string Body, string Field, string Says)[]
        {
            (Body("Hola", "scramble", new { }), "policy.pii", "mask, replace or hash"),
            (Body("Hola", "mask", new { contact = "ana@example.com" }), "meta.contact", "EMAIL"),
            (Body("Hola", "mask", new { token = "AKIAJQ7Y3ZPLX5WTRM2K" }), "meta.token", "SECRET"),
            (Body("Hola", "mask", tooMany), "meta", $"At most {InvokeGateway.MostMetaEntries}"),
            (Body("Hola", "mask", new Dictionary<string, string> { ["bad key"] = "x" }), "meta.bad key", "Keys are"),
            (Body("Hola", "mask", new { note = new string('x', InvokeGateway.LongestMetaValue + 1) }), "meta.note", "at most"),
            (Body("Hola", "mask", new { priority = 3 }), "meta.priority", "wrong type"),
        };

        foreach (var (body, field, says) in cases)
        {
            var response = await ana.SendAsync(Invoke("neura-10", body, correlationId));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out var messages), $"{field}: {errors}");
            Assert.Contains(says, messages[0].GetString());
        }
        Assert.Equal(0, await StoredAsync(correlationId));
    }

    [Fact]
    public async Task Health_answers_without_sign_in()
    {
        var response = await fixture.Portal.CreateClient().GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }
}
