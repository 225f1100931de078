using Bunit;

namespace Econeura.Portal.Tests.Executions;

public sealed class ExecutionDetailPageTests(PortalFixture fixture) : PortalComponentTest(fixture, "ana", "es-ES")
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");

    /// <summary>Ana's run whose last attempt failed with <paramref name="error"/>, as the decider records it.</summary>
    private async Task<Guid> FailedAsync(string error)
    {
        var id = await Fixture.RequestWithoutJobAsync(Ana, "neura-1", "analytics");
        var at = DateTimeOffset.UtcNow;
        await Fixture.AppendWithoutJobAsync(Ana.TenantId, id, session =>
        {
            session.Events.Append(id, new ExecutionDispatched(id, 1, "job-1", at));
            session.Events.Append(id, ExecutionDecisions.RecordFailure(
                Execution.Start(new ExecutionRequested(id, Ana.TenantId, "neura-1", "NEURA Analytics", "analytics", Ana.UserId, Ana.DisplayName, "x", [],
                    "c", at)) with { Status = ExecutionStatus.Dispatched, Attempts = 3 },
                error, null, 0, at).ToArray());
        });
        return id;
    }

    [Fact]
    public async Task A_failure_says_what_happened_and_what_to_do_in_the_readers_language_with_the_agents_words_apart()
    {
        var id = await FailedAsync("The agent could not be reached.");

        var page = Render<ExecutionDetailPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("El agente no dio respuesta en 3 intentos.",
            page.Find("[data-testid=execution-failure-what]").TextContent.Trim()));
        Assert.Contains("«Reintentar»", page.Find("[data-testid=execution-failure-next]").TextContent);
        Assert.Contains("avisa a un administrador", page.Find("[data-testid=execution-failure-next]").TextContent);
        // The agent's own words are kept, apart and said to be technical, never as the message itself.
        Assert.Equal("Detalle técnico, para quien administra el agente: The agent could not be reached.",
            page.Find("[data-testid=execution-failure-detail]").TextContent.Trim());
        // The requester may try again themselves.
        Assert.Equal("Reintentar", page.Find("[data-testid=execution-retry]").TextContent.Trim());
    }

    [Fact]
    public async Task A_call_waiting_for_its_next_attempt_says_it_is_retrying_and_when()
    {
        var id = await Fixture.RequestWithoutJobAsync(Ana, "neura-1", "analytics");
        var failedAt = DateTimeOffset.UtcNow;
        await Fixture.AppendWithoutJobAsync(Ana.TenantId, id, session => session.Events.Append(id,
            new ExecutionDispatched(id, 1, "job-1", failedAt), new DispatchFailed(id, 1, "HTTP 503 from the agent", WillRetry: true, failedAt)));

        var page = Render<ExecutionDetailPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("Reintentando", page.Find("[data-testid=execution-status]").TextContent.Trim()));
        var retryAt = Formatting.Clock(failedAt + ExecutionDecisions.RetryDelay(1), TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid"));
        Assert.Equal($"El intento 1 no obtuvo respuesta del agente; se le volverá a llamar hacia las {retryAt}.",
            page.Find("[data-testid=execution-retrying]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=execution-queue-place]"));
    }

    [Fact]
    public async Task The_requester_is_told_on_their_open_page_when_an_admins_retry_finishes_their_run()
    {
        var id = await FailedAsync("HTTP 503 from the agent");
        var page = Render<ExecutionDetailPage>(p => p.Add(x => x.Id, id));
        page.WaitForElement("[data-testid=execution-failure]");

        Assert.IsType<OperationOutcome.Done>(await Fixture.Service<ExecutionOperations>().RetryAsync(PortalFixture.User("diego"), id));

        page.WaitForAssertion(() => Assert.Equal("Diego Fernández reintentó esta ejecución y ya ha terminado: Completada.",
            page.Find("[data-testid=execution-retry-finished]").TextContent.Trim()), TimeSpan.FromSeconds(20));
        Assert.Empty(page.FindAll("[data-testid=execution-failure]"));
    }
}
