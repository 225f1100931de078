using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Econeura.Portal.Tests.Agents;
using Npgsql;
using static Econeura.Testing.TestAgentServer;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>
/// The estimate a launch reserves is a bound on its call: the route's most output tokens go to the model with every call,
/// and a reply that uses all of them, after the most input a provider could count, still costs no more than was reserved.
/// </summary>
public sealed class EstimateBoundTests(EstimateBoundTests.Fixture fixture) : IClassFixture<EstimateBoundTests.Fixture>
{
    public sealed class Fixture : AgentServerFixture;

    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private const string SystemPrompt = "Eres el agente legal de Contoso: responde en español 📎.";
    private const string Input = "Resume el contrato 📄 y los plazos del año; 東京 también.";
    private const int MostOutput = 300;

    /// <summary>Usage as large as a provider could report it: every byte of the messages a token, plus OpenAI's framing, and every output token allowed.</summary>
    private static Answer LargestReply(TimeSpan delay)
    {
        var prompt = Encoding.UTF8.GetByteCount(SystemPrompt) + Encoding.UTF8.GetByteCount(Input) + 2 * 4 + 3;
        return new Answer(200, $$"""
            {"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hecho"},"finish_reason":"length"}],
             "usage":{"prompt_tokens":{{prompt}},"completion_tokens":{{MostOutput}},"total_tokens":{{prompt + MostOutput}},
                      "completion_tokens_details":{"reasoning_tokens":200} } }
            """, Delay: delay);
    }

    private async Task<decimal?> ReservedAsync(Guid executionId)
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select sum(amount_eur) from econeura.budget_reservations where execution_id = @id and scope = 'tenant'", connection);
        command.Parameters.AddWithValue("id", executionId);
        return await command.ExecuteScalarAsync() as decimal?;
    }

    [Fact]
    public async Task A_chat_call_is_sent_with_the_routes_most_output_tokens_and_costs_no_more_than_the_estimate_it_reserved()
    {
        fixture.Agents.Script("chat", LargestReply(TimeSpan.FromSeconds(1.5)));
        await fixture.RouteAsync(Ana.TenantId, "neura-1", agent => agent with
        {
            Route = AgentRoute.Chat, Model = "gpt-4o",
            Chat = new ChatSettings { Endpoint = fixture.Agents.BaseUrl + "/v1/", Deployment = "gpt-4o", SystemPrompt = SystemPrompt, MaxOutputTokens = MostOutput },
        });
        var ana = await fixture.Portal.ClientForAsync("ana");

        var launched = await ana.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = Input });
        var id = (await launched.Content.ReadFromJsonAsync<ExecutionResource>(PortalFactory.Json))!.Id;
        // Read while the call is under way: the completion releases the reservation in the commit that records the cost.
        var reserved = await Eventually.Until(() => ReservedAsync(id), amount => amount > 0, "the launch's reservation");
        await Eventually.Until(() => ana.GetFromJsonAsync<ExecutionResource>($"/api/v1/executions/{id}", PortalFactory.Json),
            execution => execution?.Status == "Completed", "the call to complete");

        var sent = Assert.Single(fixture.Agents.Requests, r => r.Path == "/v1/chat/completions");
        using var body = JsonDocument.Parse(sent.Body);
        Assert.Equal(MostOutput, body.RootElement.GetProperty("max_completion_tokens").GetInt32());
        var events = await fixture.EventsAsync(Ana.TenantId, id);
        var cost = Assert.Single(events.OfType<CostRecorded>());
        Assert.Equal(events.OfType<ExecutionRequested>().Single().EstimatedCostEur, reserved);
        Assert.Equal(MostOutput, cost.OutputTokens);
        Assert.True(cost.CostEur <= reserved, $"{cost.CostEur} EUR recorded against {reserved} EUR reserved");
    }
}
