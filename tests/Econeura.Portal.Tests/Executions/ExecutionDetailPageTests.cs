using Bunit;

namespace Econeura.Portal.Tests.Executions;

public sealed class ExecutionDetailPageTests(PortalFixture fixture) : PortalComponentTest(fixture, "ana", "es-ES")
{
    [Fact]
    public async Task A_failure_is_explained_in_the_readers_language_with_the_agents_last_answer()
    {
        var ana = PortalFixture.User("ana");
        var id = await Fixture.RequestWithoutJobAsync(ana, "neura-1", "analytics");
        var at = DateTimeOffset.UtcNow;
        await using (var session = Fixture.Store.LightweightSession(ana.TenantId))
        {
            // What the decider records after the last attempt failed.
            session.Events.Append(id, new ExecutionDispatched(id, 1, "job-1", at));
            session.Events.Append(id, ExecutionDecisions.RecordFailure(
                Execution.Start(new ExecutionRequested(id, ana.TenantId, "neura-1", "NEURA Analytics", "analytics", ana.UserId, ana.DisplayName, "x", [], "c", at))
                    with { Status = ExecutionStatus.Dispatched, Attempts = 3 },
                "HTTP 503 del receptor", null, 0, at).ToArray());
            await session.SaveChangesAsync();
        }

        var page = Render<ExecutionDetailPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("El agente falló 3 veces. Su última respuesta: HTTP 503 del receptor",
            page.Find("[data-testid=execution-failure]").TextContent.Trim()));
        // No English prose on the timeline either: the failed step carries the agent's own words.
        var timeline = page.Find("[data-testid=execution-timeline]").TextContent;
        Assert.Contains("HTTP 503 del receptor", timeline);
        Assert.DoesNotContain("The agent failed", timeline);
    }
}
