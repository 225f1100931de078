using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Econeura.Portal.Features.Conversations;
using Econeura.Portal.Features.Executions;

namespace Econeura.Portal.Tests.Executions;

/// <summary>
/// A client that lost the answer to a launch sends it again with the same <c>Idempotency-Key</c> and gets the execution
/// the first one opened: one run, one charge, whatever the network did.
/// </summary>
public sealed class IdempotentLaunchTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private static HttpRequestMessage Launch(string input, string? key, string agentId = "neura-10")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/executions") { Content = JsonContent.Create(new { agentId, input }) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private async Task<int> RunsMatchingAsync(HttpClient client, string words)
    {
        var response = await client.GetAsync($"/api/v1/executions?q={Uri.EscapeDataString(words)}");
        response.EnsureSuccessStatusCode();
        return int.Parse(response.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<Guid> IdOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

    [Fact]
    public async Task A_launch_sent_again_with_its_key_answers_the_first_execution_and_opens_no_second()
    {
        var ana = await fixture.Portal.ClientForAsync("ana");
        var key = Guid.NewGuid().ToString();

        var first = await ana.SendAsync(Launch("Resumen del trimestre de Ana, albaricoque", key));
        var again = await ana.SendAsync(Launch("Resumen del trimestre de Ana, albaricoque", key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await IdOf(first), await IdOf(again));
        Assert.Equal(1, await RunsMatchingAsync(ana, "albaricoque"));
    }

    [Fact]
    public async Task The_same_key_sent_at_the_same_moment_opens_one_execution()
    {
        var ana = await fixture.Portal.ClientForAsync("ana");
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ana.SendAsync(Launch("A la vez con berenjena", key))));

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.Single((await Task.WhenAll(answers.Select(IdOf))).Distinct());
        Assert.Equal(1, await RunsMatchingAsync(ana, "berenjena"));
    }

    [Fact]
    public async Task A_key_used_for_another_request_is_refused_with_422_and_launches_nothing()
    {
        var ana = await fixture.Portal.ClientForAsync("ana");
        var key = Guid.NewGuid().ToString();
        (await ana.SendAsync(Launch("Primera petición con calabaza", key))).EnsureSuccessStatusCode();

        var otherInput = await ana.SendAsync(Launch("Otra petición con calabaza", key));
        var otherAgent = await ana.SendAsync(Launch("Primera petición con calabaza", key, agentId: "neura-1"));

        foreach (var refused in new[] { otherInput, otherAgent })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(1, await RunsMatchingAsync(ana, "calabaza"));
    }

    [Fact]
    public async Task A_key_is_each_persons_own_another_with_the_same_key_launches_their_own()
    {
        var key = Guid.NewGuid().ToString();
        var ana = await fixture.Portal.ClientForAsync("ana");
        var carmen = await fixture.Portal.ClientForAsync("carmen");

        var hers = await ana.SendAsync(Launch("Compartida datilera", key));
        var theirs = await carmen.SendAsync(Launch("Compartida datilera", key));

        Assert.Equal(HttpStatusCode.Created, hers.StatusCode);
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.NotEqual(await IdOf(hers), await IdOf(theirs));
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("sent twice")]
    [InlineData("too long")]
    public async Task A_malformed_key_gets_problem_details_naming_the_header(string malformed)
    {
        var ana = await fixture.Portal.ClientForAsync("ana");
        var request = Launch("Llave endibia", key: null);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", malformed switch
        {
            "empty" => [""],
            "sent twice" => ["one", "two"], // which one would name the launch?
            _ => [new string('k', IdempotencyKey.LongestKey + 1)],
        });

        var response = await ana.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(0, await RunsMatchingAsync(ana, "endibia"));
    }

    [Fact]
    public async Task The_gateway_answers_a_repeated_key_with_the_first_execution()
    {
        var ana = await fixture.Portal.ClientForAsync("ana");
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Invoke()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/invoke/neura-10") { Content = JsonContent.Create(new { input = "Pasarela frambuesa" }) };
            request.Headers.Add("X-Route", "azure");
            request.Headers.Add("X-Correlation-Id", "frambuesa-6");
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        var first = await ana.SendAsync(Invoke());
        var again = await ana.SendAsync(Invoke());

        Assert.True(first.IsSuccessStatusCode, first.StatusCode.ToString());
        Assert.True(again.IsSuccessStatusCode, again.StatusCode.ToString());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await RunsMatchingAsync(ana, "frambuesa"));
    }

    [Fact]
    public async Task A_run_continued_twice_opens_one_conversation_and_a_new_one_once_that_is_deleted()
    {
        var ana = await fixture.Portal.ClientForAsync("ana");
        var run = await IdOf(await ana.SendAsync(Launch("Continuar una vez, granada", key: null)));
        await Eventually.Until(async () => (await ana.GetFromJsonAsync<JsonElement>($"/api/v1/executions/{run}")).GetProperty("status").GetString(),
            status => status == "Completed", "the run to complete");
        var conversations = fixture.Service<ConversationOperations>();
        var user = PortalFixture.User("ana");

        var first = Assert.IsType<ConversationOutcome.Done>(await conversations.ContinueAsync(user, run));
        var second = Assert.IsType<ConversationOutcome.Done>(await conversations.ContinueAsync(user, run));
        Assert.Equal(first.ConversationId, second.ConversationId);

        Assert.IsType<ConversationOutcome.Done>(await conversations.DeleteAsync(user, first.ConversationId));
        var afterDeletion = Assert.IsType<ConversationOutcome.Done>(await conversations.ContinueAsync(user, run));
        Assert.NotEqual(first.ConversationId, afterDeletion.ConversationId);
        Assert.Equal(run, afterDeletion.ExecutionId);
    }
}
