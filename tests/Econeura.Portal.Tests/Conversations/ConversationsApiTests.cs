using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Econeura.Portal.Features.Agents.Routing;
using Econeura.Portal.Features.Conversations;
using Econeura.Portal.Tests.Agents;

namespace Econeura.Portal.Tests.Conversations;

/// <summary>A portal with a real webhook receiver standing in for a conversation's agent.</summary>
public sealed class ConversationsFixture : PortalFixture
{
    public WebhookReceiver Agent { get; private set; } = default!;

    public override async Task InitializeAsync()
    {
        Agent = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
        // The agent answers with the turn's number, so each answer is told apart in the next turn's history.
        Agent.Answer = request => (HttpStatusCode.OK, JsonSerializer.Serialize(new
        {
            output = $"Respuesta {JsonDocument.Parse(request.Body).RootElement.GetProperty("history").GetArrayLength() / 2 + 1}",
        }));
        await AgentServerFixture.RouteAsync(Services, DevelopmentPersonas.Contoso.Id, "neura-10", agent => agent with
        {
            Route = AgentRoute.Webhook,
            Webhook = new WebhookSettings { Url = Agent.Url },
        });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Agent.DisposeAsync();
    }
}

/// <summary>Conversations through the API: each turn an execution, with the conversation so far sent along, redacted.</summary>
public sealed class ConversationsApiTests(ConversationsFixture fixture) : IClassFixture<ConversationsFixture>
{
    private static readonly DevelopmentPersona Ana = DevelopmentPersonas.Find("ana")!;

    private async Task<StartedConversation> StartAsync(HttpClient client, string agentId, string message)
    {
        var response = await client.PostAsJsonAsync("/api/v1/conversations", new { agentId, message });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<StartedConversation>(PortalFactory.Json))!;
    }

    private static Task<ThreadResource> AnsweredAsync(HttpClient client, Guid id, int turns) => Eventually.Until(
        () => client.GetFromJsonAsync<ThreadResource>($"/api/v1/conversations/{id}", PortalFactory.Json)!,
        thread => thread!.Messages.Count(m => m.Role == "agent") == turns, $"answer {turns}")!;

    private static async Task<Guid> SendAsync(HttpClient client, Guid id, string message)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/conversations/{id}/messages", new { message });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<LaunchedTurn>(PortalFactory.Json))!.ExecutionId;
    }

    [Fact]
    public async Task Each_turn_sends_the_agent_the_conversation_so_far_redacted_and_in_order()
    {
        var ana = await fixture.Portal.ClientForAsync(Ana);

        var started = await StartAsync(ana, "neura-10", "Prepara la previsión de caja y envíala a marta.ruiz@contoso.es");
        await AnsweredAsync(ana, started.Id, 1);
        await SendAsync(ana, started.Id, "Añade los pagos del proveedor");
        await AnsweredAsync(ana, started.Id, 2);
        var third = await SendAsync(ana, started.Id, "¿Qué te pedí al principio?");
        var thread = await AnsweredAsync(ana, started.Id, 3);

        var call = fixture.Agent.Received.Single(r => r.Body.Contains(third.ToString()));
        var history = JsonDocument.Parse(call.Body).RootElement.GetProperty("history").EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString(), m.GetProperty("text").GetString())).ToList();
        Assert.Equal(
            [
                ("user", "Prepara la previsión de caja y envíala a <EMAIL_1>"), ("agent", "Respuesta 1"),
                ("user", "Añade los pagos del proveedor"), ("agent", "Respuesta 2"),
            ],
            history);
        Assert.DoesNotContain("marta.ruiz", string.Concat(fixture.Agent.Received.Select(r => r.Body)));
        Assert.Equal(["user", "agent", "user", "agent", "user", "agent"], thread.Messages.Select(m => m.Role));
        Assert.Equal("Respuesta 3", thread.Messages[^1].Text);
        Assert.All(thread.Messages, m => Assert.Equal("answered", m.Status));
        Assert.True(thread.CostEur > 0m);
    }

    private static HttpRequestMessage Keyed(string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task A_start_and_a_message_sent_again_with_their_keys_answer_the_first_and_the_agent_is_called_once_for_each()
    {
        var ana = await fixture.Portal.ClientForAsync(Ana);
        var (startKey, messageKey) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        HttpRequestMessage Start() => Keyed("/api/v1/conversations", new { agentId = "neura-10", message = "Compara proveedores de fibra, ciruela" }, startKey);

        var first = await ana.SendAsync(Start());
        var again = await ana.SendAsync(Start());

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        var started = (await first.Content.ReadFromJsonAsync<StartedConversation>(PortalFactory.Json))!;
        Assert.Equal(started, await again.Content.ReadFromJsonAsync<StartedConversation>(PortalFactory.Json));
        Assert.Single((await ana.GetFromJsonAsync<ConversationResource[]>("/api/v1/conversations", PortalFactory.Json))!,
            c => c.Title.Contains("ciruela", StringComparison.Ordinal));
        await AnsweredAsync(ana, started.Id, 1);

        // Sent again at once: the first turn may still be under way, and the repeat is answered with it, not refused.
        var path = $"/api/v1/conversations/{started.Id}/messages";
        var turn = await ana.SendAsync(Keyed(path, new { message = "Añade el precio por sede" }, messageKey));
        var turnAgain = await ana.SendAsync(Keyed(path, new { message = "Añade el precio por sede" }, messageKey));

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (turn.StatusCode, turnAgain.StatusCode));
        Assert.Equal("true", turnAgain.Headers.GetValues("Idempotent-Replayed").Single());
        var turnId = (await turn.Content.ReadFromJsonAsync<LaunchedTurn>(PortalFactory.Json))!.ExecutionId;
        Assert.Equal(turnId, (await turnAgain.Content.ReadFromJsonAsync<LaunchedTurn>(PortalFactory.Json))!.ExecutionId);
        var thread = await AnsweredAsync(ana, started.Id, 2);
        Assert.Equal(["user", "agent", "user", "agent"], thread.Messages.Select(m => m.Role));
        Assert.Single(fixture.Agent.Received, r => r.Body.Contains(turnId.ToString()));

        // The key used again for another message launches nothing; a malformed one is named.
        var reused = await ana.SendAsync(Keyed(path, new { message = "Y el plazo de instalación" }, messageKey));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        var malformed = await ana.SendAsync(Keyed(path, new { message = "Y el plazo de instalación" }, ""));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.True((await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        var after = await ana.GetFromJsonAsync<ThreadResource>($"/api/v1/conversations/{started.Id}", PortalFactory.Json);
        Assert.Equal(4, after!.Messages.Count);
    }

    [Fact]
    public async Task A_message_while_the_last_turn_waits_for_approval_is_refused_with_409()
    {
        var ana = await fixture.Portal.ClientForAsync(Ana);
        var started = await StartAsync(ana, "ciso-access-recertification", "Revisa los accesos del equipo de ventas");
        Assert.Equal("waitingForApproval", started.Turn.Status);

        var response = await ana.PostAsJsonAsync($"/api/v1/conversations/{started.Id}/messages", new { message = "¿Y los de marketing?" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var thread = await ana.GetFromJsonAsync<ThreadResource>($"/api/v1/conversations/{started.Id}", PortalFactory.Json);
        Assert.Single(thread!.Messages);
    }

    [Fact]
    public async Task Another_user_or_tenant_gets_404_and_never_sees_it_listed()
    {
        var ana = await fixture.Portal.ClientForAsync(Ana);
        var started = await StartAsync(ana, "neura-10", "Investiga el mercado de baterías");

        foreach (var persona in new[] { "bruno", "diego", "elena", "fabio" })
        {
            var other = await fixture.Portal.ClientForAsync(persona);
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/conversations/{started.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound,
                (await other.PostAsJsonAsync($"/api/v1/conversations/{started.Id}/messages", new { message = "hola" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/v1/conversations/{started.Id}")).StatusCode);
            Assert.DoesNotContain((await other.GetFromJsonAsync<ConversationResource[]>("/api/v1/conversations", PortalFactory.Json))!,
                c => c.Id == started.Id);
        }
    }

    [Fact]
    public async Task Bad_input_gets_problem_details_per_field_and_starts_nothing()
    {
        var carmen = await fixture.Portal.ClientForAsync("carmen");

        var response = await carmen.PostAsJsonAsync("/api/v1/conversations", new { agentId = "neura-99", message = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("No agent with this id exists in your catalog.", problem.GetProperty("errors").GetProperty("agentId")[0].GetString());
        Assert.Equal("The input is empty.", problem.GetProperty("errors").GetProperty("message")[0].GetString());
        Assert.Empty((await carmen.GetFromJsonAsync<ConversationResource[]>("/api/v1/conversations", PortalFactory.Json))!);
    }

    [Fact]
    public async Task A_deleted_conversation_is_gone_from_the_list_and_from_reading()
    {
        var ana = await fixture.Portal.ClientForAsync(Ana);
        var started = await StartAsync(ana, "neura-10", "Borrador sobre hidrógeno verde");
        Assert.Contains((await ana.GetFromJsonAsync<ConversationResource[]>("/api/v1/conversations?q=hidr%C3%B3geno", PortalFactory.Json))!,
            c => c.Id == started.Id);

        Assert.Equal(HttpStatusCode.NoContent, (await ana.DeleteAsync($"/api/v1/conversations/{started.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await ana.GetAsync($"/api/v1/conversations/{started.Id}")).StatusCode);
        Assert.DoesNotContain((await ana.GetFromJsonAsync<ConversationResource[]>("/api/v1/conversations", PortalFactory.Json))!,
            c => c.Id == started.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await ana.DeleteAsync($"/api/v1/conversations/{started.Id}")).StatusCode);
    }

    [Fact]
    public async Task An_admin_of_the_tenant_sees_that_a_turn_ran_and_what_it_cost_but_not_what_was_said()
    {
        var ana = await fixture.Portal.ClientForAsync(Ana);
        var started = await StartAsync(ana, "neura-10", "Resume el informe del proyecto Zafiro de Ana");
        await AnsweredAsync(ana, started.Id, 1);
        var diego = await fixture.Portal.ClientForAsync("diego");

        var seen = await diego.GetFromJsonAsync<ExecutionResource>($"/api/v1/executions/{started.Turn.ExecutionId}", PortalFactory.Json);
        var listed = await diego.GetFromJsonAsync<ExecutionResource[]>("/api/v1/executions", PortalFactory.Json);
        var searched = await diego.GetFromJsonAsync<ExecutionResource[]>("/api/v1/executions?q=zafiro", PortalFactory.Json);
        var searchedByAna = await ana.GetFromJsonAsync<ExecutionResource[]>("/api/v1/executions?q=zafiro", PortalFactory.Json);

        Assert.Equal((nameof(ExecutionStatus.Completed), "", null), (seen!.Status, seen.Input, seen.Output));
        Assert.True(seen.CostEur > 0m);
        var row = Assert.Single(listed!, e => e.Id == started.Turn.ExecutionId);
        Assert.Equal(("", null), (row.Input, row.Output));
        // Nor does a search of the words said find it for the admin; its owner finds it.
        Assert.DoesNotContain(searched!, e => e.Id == started.Turn.ExecutionId);
        Assert.Contains(searchedByAna!, e => e.Id == started.Turn.ExecutionId);
        Assert.Equal("Resume el informe del proyecto Zafiro de Ana",
            (await ana.GetFromJsonAsync<ExecutionResource>($"/api/v1/executions/{started.Turn.ExecutionId}", PortalFactory.Json))!.Input);
    }
}
