using Econeura.Portal.Features.Dispatch;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Executions;

/// <summary>An agent call held by a portal process that stopped is resumed by a living one within seconds, not after the lease.</summary>
public sealed class OrphanedDispatchTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private static readonly Econeura.Portal.Infrastructure.Security.PortalUser Ana = PortalFixture.User("ana");

    // Another tenant: a call in flight counts against its tenant's fair share, and must not hold up Ana's.
    private static readonly Econeura.Portal.Infrastructure.Security.PortalUser Elena = PortalFixture.User("elena");

    /// <summary>As if another process had taken the execution's call and then been killed, or were still making it.</summary>
    private async Task<Guid> DispatchedByAsync(Econeura.Portal.Infrastructure.Security.PortalUser user, string node, DateTimeOffset lastHeartbeat)
    {
        var id = await fixture.RequestWithoutJobAsync(user, "neura-1", "analytics");
        await using var session = fixture.Store.LightweightSession(user.TenantId);
        session.Store(new PortalNode { Id = node, StartedAt = lastHeartbeat.AddMinutes(-5), HeartbeatAt = lastHeartbeat });
        session.Events.Append(id, new ExecutionDispatched(id, 1, $"job-on-{node}", lastHeartbeat, node));
        await session.SaveChangesAsync();
        return id;
    }

    private async Task<(ExecutionView? View, IReadOnlyList<object> Events)> ReadAsync(Guid id, string tenantId)
    {
        await using var session = fixture.Store.QuerySession(tenantId);
        return (await session.LoadAsync<ExecutionView>(id), (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList());
    }

    [Fact]
    public async Task A_call_held_by_a_process_that_stopped_beating_is_made_again_once_by_a_living_one_without_using_up_an_attempt_and_both_calls_are_charged()
    {
        var id = await DispatchedByAsync(Ana, "killed-node", DateTimeOffset.UtcNow.AddSeconds(-30));

        var (view, events) = await Eventually.Until(() => ReadAsync(id, Ana.TenantId), read => read.View?.Status == ExecutionStatus.Completed,
            "the orphaned execution to be resumed and completed");

        Assert.Equal(1, view!.Attempts);
        Assert.Single(events.OfType<AgentResponded>());
        // The killed process's call may have reached the agent: it is charged once, at its bound, and the resumed one at its reply.
        Assert.Equal([true, false], events.OfType<Econeura.Domain.FinOps.CostRecorded>().Select(c => c.Unconfirmed));
        var resumed = events.OfType<ExecutionDispatched>().Last();
        Assert.True(resumed.AfterNodeLoss);
        Assert.Equal(fixture.Services.GetRequiredService<PortalNodes>().Id, resumed.Node);
        Assert.Contains(view.Timeline, entry => entry.Kind == TimelineEntryKind.Resumed);
    }

    [Fact]
    public async Task A_call_held_by_a_process_that_is_still_beating_is_left_to_it()
    {
        var id = await DispatchedByAsync(Elena, "busy-node", DateTimeOffset.UtcNow);

        await fixture.Services.GetRequiredService<Dispatcher>().ResumeLostAsync(CancellationToken.None);
        await fixture.Services.GetRequiredService<DispatchExecutionJob>().DispatchAsync(Elena.TenantId, id, null, "job-elsewhere", CancellationToken.None);

        var (view, events) = await ReadAsync(id, Elena.TenantId);
        Assert.Equal(ExecutionStatus.Dispatched, view!.Status);
        Assert.Single(events.OfType<ExecutionDispatched>());
    }

    [Fact]
    public async Task Each_process_keeps_its_heartbeat_fresh_so_others_leave_its_calls_alone()
    {
        var nodes = fixture.Services.GetRequiredService<PortalNodes>();

        var node = await Eventually.Until(async () =>
        {
            await using var session = fixture.Store.QuerySession();
            return await session.LoadAsync<PortalNode>(nodes.Id);
        }, found => found is not null, "this process's heartbeat");

        Assert.InRange(DateTimeOffset.UtcNow - node!.HeartbeatAt, TimeSpan.Zero, PortalNodes.SilentFor);
        Assert.DoesNotContain(nodes.Id, await nodes.SilentAsync(CancellationToken.None));
    }
}
