using Econeura.Portal.Features.Dispatch;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Econeura.Portal.Tests.Executions;

/// <summary>An agent call held by a portal process that stopped is resumed by a living one within seconds, not after the lease.</summary>
public sealed class OrphanedDispatchTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private static readonly Econeura.Portal.Infrastructure.Security.PortalUser Ana = PortalFixture.User("ana");

    // Another tenant: a call in flight counts against its tenant's fair share, and must not hold up Ana's.
    private static readonly Econeura.Portal.Infrastructure.Security.PortalUser Elena = PortalFixture.User("elena");

    /// <summary>As if another process had taken the execution's call and then been killed, or were still making it.</summary>
    private async Task<Guid> DispatchedByAsync(Econeura.Portal.Infrastructure.Security.PortalUser user, string node, DateTimeOffset at)
    {
        var id = await fixture.RequestWithoutJobAsync(user, "neura-1", "analytics");
        await using var session = fixture.Store.LightweightSession(user.TenantId);
        session.Events.Append(id, new ExecutionDispatched(id, 1, $"job-on-{node}", at, node));
        await session.SaveChangesAsync();
        return id;
    }

    /// <summary>
    /// Another process's Hangfire server, named after its node as every portal process names its own, last heard
    /// <paramref name="silentFor"/> ago.
    /// </summary>
    private async Task<string> ServerOfAsync(string node, TimeSpan silentFor)
    {
        var serverId = $"{node}:{Guid.NewGuid()}";
        using (var connection = fixture.Services.GetRequiredService<JobStorage>().GetConnection())
            connection.AnnounceServer(serverId, new ServerContext { WorkerCount = 1, Queues = ["default"] });
        await using var database = new NpgsqlConnection(fixture.Database.ConnectionString);
        await database.OpenAsync();
        await using var backdate = new NpgsqlCommand("update hangfire.server set lastheartbeat = now() - @silent where id = @id", database);
        backdate.Parameters.AddWithValue("silent", silentFor);
        backdate.Parameters.AddWithValue("id", serverId);
        await backdate.ExecuteNonQueryAsync();
        return serverId;
    }

    private void Remove(string serverId)
    {
        using var connection = fixture.Services.GetRequiredService<JobStorage>().GetConnection();
        connection.RemoveServer(serverId);
    }

    private async Task<(ExecutionView? View, IReadOnlyList<object> Events)> ReadAsync(Guid id, string tenantId)
    {
        await using var session = fixture.Store.QuerySession(tenantId);
        return (await session.LoadAsync<ExecutionView>(id), (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList());
    }

    [Fact]
    public async Task A_call_held_by_a_process_that_stopped_beating_is_made_again_once_by_a_living_one_without_using_up_an_attempt_and_both_calls_are_charged()
    {
        var server = await ServerOfAsync("killed-node", TimeSpan.FromSeconds(40));
        var id = await DispatchedByAsync(Ana, "killed-node", DateTimeOffset.UtcNow.AddSeconds(-45));

        var (view, events) = await Eventually.Until(() => ReadAsync(id, Ana.TenantId), read => read.View?.Status == ExecutionStatus.Completed,
            "the orphaned execution to be resumed and completed");
        Remove(server);

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
    public async Task A_call_held_by_a_process_whose_server_is_gone_from_hangfire_is_made_again()
    {
        // Hangfire forgets a server a minute after its last heartbeat: a call it held must not wait for its lease.
        var id = await DispatchedByAsync(Ana, "forgotten-node", DateTimeOffset.UtcNow.AddMinutes(-2));

        var (view, events) = await Eventually.Until(() => ReadAsync(id, Ana.TenantId), read => read.View?.Status == ExecutionStatus.Completed,
            "the execution of a forgotten node to be resumed and completed");

        Assert.Equal(1, view!.Attempts);
        Assert.True(events.OfType<ExecutionDispatched>().Last().AfterNodeLoss);
    }

    [Fact]
    public async Task A_call_held_by_a_process_that_is_still_beating_is_left_to_it()
    {
        var server = await ServerOfAsync("busy-node", TimeSpan.Zero);
        var nodes = fixture.Services.GetRequiredService<PortalNodes>();
        await Eventually.Until(() => nodes.RosterAsync(CancellationToken.None), roster => roster.Alive.Contains("busy-node"), "the busy node to be seen alive");
        var id = await DispatchedByAsync(Elena, "busy-node", DateTimeOffset.UtcNow);

        await fixture.Services.GetRequiredService<Dispatcher>().ResumeLostAsync(CancellationToken.None);
        await fixture.Services.GetRequiredService<DispatchExecutionJob>().DispatchAsync(Elena.TenantId, id, null, "job-elsewhere", CancellationToken.None);
        Remove(server);

        var (view, events) = await ReadAsync(id, Elena.TenantId);
        Assert.Equal(ExecutionStatus.Dispatched, view!.Status);
        Assert.Single(events.OfType<ExecutionDispatched>());
    }

    [Fact]
    public async Task Each_process_is_alive_through_its_hangfire_servers_heartbeat_and_its_workers_are_counted()
    {
        var nodes = fixture.Services.GetRequiredService<PortalNodes>();

        var monitoring = fixture.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var server = await Eventually.Until(() => Task.FromResult(monitoring.Servers().SingleOrDefault(s => s.Name.StartsWith(nodes.Id + ":"))),
            found => found is not null, "this process's Hangfire server, named after its node");

        Assert.NotNull(server!.Heartbeat);
        Assert.Equal(2, server.WorkersCount);
        var roster = await nodes.RosterAsync(CancellationToken.None);
        Assert.Contains(nodes.Id, roster.Alive);
        Assert.True(roster.Workers >= server.WorkersCount);
    }
}
