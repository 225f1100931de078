using Econeura.Portal.Features.Agents.Routing;
using Econeura.Portal.Features.Dispatch;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Executions;

public sealed class ExecutionLifecycleTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private static readonly Econeura.Portal.Infrastructure.Security.PortalUser Ana = PortalFixture.User("ana");

    private async Task<IReadOnlyList<Type>> EventTypesAsync(Guid executionId)
    {
        await using var session = fixture.Store.QuerySession(Ana.TenantId);
        return (await session.Events.FetchStreamAsync(executionId)).Select(e => e.EventType).ToList();
    }

    private async Task<ExecutionView?> ViewAsync(Guid executionId)
    {
        await using var session = fixture.Store.QuerySession(Ana.TenantId);
        return await session.LoadAsync<ExecutionView>(executionId);
    }

    private Task<ExecutionView?> CompletedAsync(Guid executionId) =>
        Eventually.Until(() => ViewAsync(executionId), view => view?.Status is ExecutionStatus.Completed or ExecutionStatus.Failed, $"execution {executionId} to finish");

    [Fact]
    public async Task Launching_opens_the_stream_and_the_job_completes_it_and_the_projection_shows_it()
    {
        var launcher = fixture.Services.GetRequiredService<ExecutionLauncher>();

        var result = await launcher.LaunchAsync(Ana, "neura-1", "Resume la variación de gastos del trimestre");

        var id = Assert.IsType<LaunchResult.Launched>(result).ExecutionId;
        var view = await CompletedAsync(id);
        Assert.Equal(
            [typeof(ExecutionRequested), typeof(ExecutionDispatched), typeof(AgentResponded), typeof(Econeura.Domain.FinOps.CostRecorded), typeof(ExecutionCompleted)],
            await EventTypesAsync(id));
        Assert.NotNull(view);
        Assert.Equal(ExecutionStatus.Completed, view.Status);
        Assert.Equal("NEURA Analytics", view.AgentName);
        Assert.Equal("Ana García", view.RequestedByName);
        Assert.Equal("Resume la variación de gastos del trimestre", view.RedactedInput);
        // The simulator answers as analytics would, in the request's language, and reports usage as before its answers spoke.
        Assert.StartsWith("NEURA Analytics (simulador) · Análisis: lectura rápida", view.Output);
        Assert.Equal((TokenEstimate.Of(view.RedactedInput), new SimulatorOptions().OutputTokens), (view.InputTokens, view.OutputTokens));
        Assert.True(view.CostEur > 0m);
        Assert.Equal(
            [TimelineEntryKind.Requested, TimelineEntryKind.Dispatched, TimelineEntryKind.AgentResponded, TimelineEntryKind.CostRecorded, TimelineEntryKind.Completed],
            view.Timeline.Select(t => t.Kind));
    }

    [Fact]
    public async Task A_job_that_runs_again_for_a_completed_execution_changes_nothing()
    {
        var result = await fixture.Services.GetRequiredService<ExecutionLauncher>().LaunchAsync(Ana, "neura-11", "Responde al cliente");
        var id = Assert.IsType<LaunchResult.Launched>(result).ExecutionId;
        await CompletedAsync(id);
        var before = await EventTypesAsync(id);

        await fixture.Services.GetRequiredService<DispatchExecutionJob>().DispatchAsync(Ana.TenantId, id, null, "job-run-again", CancellationToken.None);

        Assert.Equal(before, await EventTypesAsync(id));
        Assert.Single(before, t => t == typeof(ExecutionCompleted));
    }

    [Fact]
    public async Task Two_jobs_racing_for_one_execution_call_the_agent_once_and_complete_it_once()
    {
        var id = await fixture.RequestWithoutJobAsync(Ana, "neura-1", "analytics");
        var first = fixture.Services.GetRequiredService<DispatchExecutionJob>();
        var second = fixture.Services.GetRequiredService<DispatchExecutionJob>();

        await Task.WhenAll(
            first.DispatchAsync(Ana.TenantId, id, null, "job-a", CancellationToken.None),
            second.DispatchAsync(Ana.TenantId, id, null, "job-b", CancellationToken.None));

        var types = await EventTypesAsync(id);
        Assert.Single(types, t => t == typeof(ExecutionDispatched));
        Assert.Single(types, t => t == typeof(AgentResponded));
        Assert.Single(types, t => t == typeof(ExecutionCompleted));
    }

    [Fact]
    public async Task An_invalid_launch_is_refused_and_stores_nothing()
    {
        var launcher = fixture.Services.GetRequiredService<ExecutionLauncher>();
        var bruno = PortalFixture.User("bruno");

        var result = await launcher.LaunchAsync(bruno, "neura-404", "  ");

        Assert.Equal([LaunchError.UnknownAgent, LaunchError.EmptyInput], Assert.IsType<LaunchResult.Rejected>(result).Errors);
        await using var session = fixture.Store.QuerySession(bruno.TenantId);
        Assert.Equal(0, await session.Query<ExecutionView>().CountAsync(v => v.RequestedBy == bruno.UserId));
    }
}

public sealed class FailingAgentFixture : PortalFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Agents:Simulator:FailureRate"] = "1" };
}

public sealed class FailingAgentTests(FailingAgentFixture fixture) : IClassFixture<FailingAgentFixture>
{
    [Fact]
    public async Task An_agent_that_keeps_failing_is_retried_after_its_back_off_then_the_execution_fails_with_the_reason()
    {
        var ana = PortalFixture.User("ana");
        var launched = Assert.IsType<LaunchResult.Launched>(await fixture.Service<ExecutionLauncher>().LaunchAsync(ana, "neura-5", "Revisa los accesos"));

        var view = await Eventually.Until(async () =>
        {
            await using var query = fixture.Store.QuerySession(ana.TenantId);
            return await query.LoadAsync<ExecutionView>(launched.ExecutionId);
        }, v => v?.Status == ExecutionStatus.Failed, "the execution to fail after its last attempt", timeoutSeconds: 60);

        var failures = view!.Timeline.Where(t => t.Kind == TimelineEntryKind.DispatchFailed).ToList();
        Assert.Equal(ExecutionDecisions.MaxAttempts, failures.Count);
        // Each attempt after a failure waited at least its back-off: the queue made it due no sooner.
        var dispatches = view.Timeline.Where(t => t.Kind == TimelineEntryKind.Dispatched).ToList();
        for (var attempt = 1; attempt < ExecutionDecisions.MaxAttempts; attempt++)
            Assert.True(dispatches[attempt].At - failures[attempt - 1].At >= ExecutionDecisions.RetryDelay(attempt),
                $"attempt {attempt + 1} came {dispatches[attempt].At - failures[attempt - 1].At} after the failure, before its back-off");
        Assert.Contains("Simulated failure", view.FailureReason);
    }
}

public sealed class StalledExecutionTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Work_handed_to_a_job_that_was_lost_is_handed_out_again_and_completes_while_a_fresh_handoff_is_left_alone()
    {
        var ana = PortalFixture.User("ana");
        // Another tenant's: a handoff counts against its own tenant's share of workers.
        var elena = PortalFixture.User("elena");
        var stalled = await fixture.RequestWithoutJobAsync(ana, "neura-9", "reception", DateTimeOffset.UtcNow.AddMinutes(-5));
        var fresh = await fixture.RequestWithoutJobAsync(elena, "neura-9", "reception");
        await fixture.HandedAsync(stalled, DateTimeOffset.UtcNow - DispatchQueue.HandoffTimeout - TimeSpan.FromSeconds(1));
        await fixture.HandedAsync(fresh, DateTimeOffset.UtcNow);

        await fixture.Service<Dispatcher>().ResumeLostAsync(CancellationToken.None);

        var done = await Eventually.Until(async () =>
        {
            await using var query = fixture.Store.QuerySession(ana.TenantId);
            return await query.LoadAsync<ExecutionView>(stalled);
        }, v => v?.Status == ExecutionStatus.Completed, "the stalled execution to complete");
        Assert.Equal(1, done!.Attempts);
        await using var check = fixture.Store.QuerySession(elena.TenantId);
        Assert.Equal(ExecutionStatus.Requested, (await check.LoadAsync<ExecutionView>(fresh))!.Status);
    }
}
