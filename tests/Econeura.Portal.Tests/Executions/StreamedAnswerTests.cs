using System.Text;
using Econeura.Portal.Features.Agents.Routing;
using Econeura.Portal.Infrastructure.LiveUpdates;
using Econeura.Portal.Tests.Agents;
using static Econeura.Testing.TestAgentServer;

namespace Econeura.Portal.Tests.Executions;

/// <summary>
/// A chat model that streams (a real local server sending server-sent events): the answer reaches a page as it is
/// written, the usage sent at the end prices it, and a stop mid-answer keeps and charges what was written.
/// </summary>
public sealed class StreamedAnswerTests(AgentRoutesFixture fixture) : IClassFixture<AgentRoutesFixture>
{
    private static readonly Econeura.Portal.Infrastructure.Security.PortalUser Ana = PortalFixture.User("ana");

    private async Task<Guid> ChatRunAsync()
    {
        await fixture.RouteAsync(Ana.TenantId, "neura-8", agent => agent with
        {
            Route = AgentRoute.Chat, Model = "gpt-4o",
            Chat = new ChatSettings { Endpoint = fixture.Agents.BaseUrl + "/v1/", Deployment = "gpt-4o", ApiKeySecret = "test-chat-key" },
        });
        return await fixture.RequestWithoutJobAsync(Ana, "neura-8", "legal");
    }

    /// <summary>What a page subscribed to the execution shows, each time it changes.</summary>
    private static (IDisposable Subscription, Func<string, Task> Shows) Watch(AnswerRelay relay, Guid id)
    {
        var seen = new List<string>();
        var subscription = relay.Subscribe(Ana.TenantId, id, text =>
        {
            lock (seen) seen.Add(text);
            return Task.CompletedTask;
        });
        return (subscription, async expected => await Eventually.Until(() =>
        {
            lock (seen) return Task.FromResult(seen.LastOrDefault());
        }, text => text == expected, $"the page to show \"{expected}\""));
    }

    [Fact]
    public async Task The_answer_reaches_the_page_while_the_model_is_still_writing_and_the_usage_at_the_end_is_priced()
    {
        var goOn = new TaskCompletionSource();
        fixture.Agents.Script("chat", new Answer(200, Pieces: ["Plan", " de", " tesorería", " listo"], Usage: new ChatUsage(1200, 300), Held: goOn.Task,
            HeldAfter: 2));
        var id = await ChatRunAsync();
        var (subscription, shows) = Watch(fixture.Service<AnswerRelay>(), id);
        using var _ = subscription;

        var dispatch = fixture.DispatchAsync(Ana.TenantId, id);
        await shows("Plan de");
        Assert.DoesNotContain(await fixture.EventsAsync(Ana.TenantId, id), e => e is AgentResponded);
        goOn.SetResult();
        var events = await dispatch;

        Assert.Equal("Plan de tesorería listo", Assert.Single(events.OfType<AgentResponded>()).Output);
        var cost = Assert.Single(events.OfType<CostRecorded>());
        Assert.Equal((1200, 300, 0.00552m), (cost.InputTokens, cost.OutputTokens, cost.CostEur));
        var request = Encoding.UTF8.GetString(fixture.Agents.Requests.Last(r => r.Path == "/v1/chat/completions").Body);
        Assert.Contains("\"stream\":true", request);
        Assert.Contains("\"include_usage\":true", request);
    }

    [Fact]
    public async Task Stopped_mid_answer_the_partial_answer_is_kept_marked_stopped_and_charged_for_its_tokens()
    {
        var never = new TaskCompletionSource();
        fixture.Agents.Script("chat", new Answer(200, Pieces: ["Primer", " punto", " y el resto"], Usage: new ChatUsage(1200, 300), Held: never.Task,
            HeldAfter: 2));
        var id = await ChatRunAsync();
        var (subscription, shows) = Watch(fixture.Service<AnswerRelay>(), id);
        using var _ = subscription;

        var dispatch = fixture.DispatchAsync(Ana.TenantId, id);
        await shows("Primer punto");
        Assert.IsType<OperationOutcome.Done>(await fixture.Service<ExecutionOperations>().StopAsync(Ana, id));
        var events = await dispatch;

        var stopped = Assert.Single(events.OfType<AnswerStopped>());
        Assert.Equal(("Primer punto", Ana.DisplayName), (stopped.PartialOutput, stopped.StoppedBy));
        Assert.DoesNotContain(events, e => e is AgentResponded or ExecutionCompleted);
        // The model sent no usage before it was stopped: the tokens are estimated, and charged at the route's price.
        var cost = Assert.Single(events.OfType<CostRecorded>());
        Assert.Equal((TokenEstimate.Of("Entrada de prueba"), TokenEstimate.Of("Primer punto")), (cost.InputTokens, cost.OutputTokens));
        Assert.True(cost.CostEur > 0);
        var view = await fixture.Service<ExecutionQueries>().FindAsync(Ana, id);
        Assert.Equal((ExecutionStatus.Stopped, "Primer punto", cost.CostEur), (view!.Status, view.Output, view.CostEur));
    }

    [Fact]
    public async Task Only_its_requester_or_an_admin_may_stop_a_call_and_only_while_it_runs()
    {
        var id = await fixture.RequestWithoutJobAsync(Ana, "neura-8", "legal");

        Assert.Equal(new OperationOutcome.Refused(OperationRefusal.NotStoppable), await fixture.Service<ExecutionOperations>().StopAsync(Ana, id));
    }
}
