using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Econeura.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Econeura.E2E;

/// <summary>One of two portal processes is killed while agent calls are in flight: the other finishes every one of them, once.</summary>
public sealed class NodeCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Executions = 20;

    // ExecutionStatus as Marten stores it (enums as numbers): Dispatched and Completed.
    private const int Dispatched = 2;
    private const int Completed = 3;
    private TestDatabase _database = default!;
    private PortalProcess _nodeA = default!;
    private PortalProcess _nodeB = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("econeura_e2e");
        var settings = new Dictionary<string, string>
        {
            // Calls long enough to be mid-flight when the node dies; enough workers for all of them at once.
            ["Agents__Simulator__LatencyMs"] = "8000",
            ["BackgroundJobs__WorkerCount"] = "20",
            ["Dispatch__PerTenantInFlight"] = "0",
            ["RateLimits__PerUser__PermitLimit"] = "0",
            ["RateLimits__PerTenant__PermitLimit"] = "0",
            ["DevelopmentSignIn__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        _nodeA = await PortalProcess.StartAsync(_database.ConnectionString, settings);
        _nodeB = await PortalProcess.StartAsync(_database.ConnectionString, settings);
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Killing_a_node_mid_call_leaves_every_execution_completed_by_the_survivor_with_one_reply_and_every_call_charged_once()
    {
        // Launched on both nodes, as a load balancer spreads them: each node's workers take the jobs it enqueues.
        using var onA = await _nodeA.ApiClientAsync("ana");
        using var onB = await _nodeB.ApiClientAsync("ana");
        var ids = new List<Guid>();
        for (var i = 0; i < Executions; i++)
        {
            var launched = await (i % 2 == 0 ? onA : onB).PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = $"Resume el informe {i}" });
            launched.EnsureSuccessStatusCode();
            ids.Add((await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
        Task<long> HeldByAAsync() => _database.CountAsync("""
            select count(*) from econeura.mt_doc_executionview v
            where (v.data->>'Status')::int = @dispatched and v.data->>'DispatchNode' like '%-' || @pid || '-%'
            """, new("pid", _nodeA.ProcessId.ToString()), new("dispatched", Dispatched));
        await Eventually.Until(HeldByAAsync, held => held > 0, "calls in flight on node A");

        await _nodeA.KillAsync();
        var killedAt = Stopwatch.StartNew();
        // Counted once node A is dead (it dispatches no more) and before node B takes its calls over (after PortalNodes.SilentFor).
        var heldByA = await HeldByAAsync();
        try
        {
            await Eventually.Until(() => _database.CountAsync($"select count(*) from econeura.mt_doc_executionview v where (v.data->>'Status')::int = {Completed}"),
                completed => completed == Executions, "every execution to complete on node B", timeoutSeconds: 60);
        }
        catch (TimeoutException)
        {
            output.WriteLine(_nodeB.Output);
            output.WriteLine("job servers: " + await _database.CountAsync("select count(*) from hangfire.server"));
            throw;
        }
        output.WriteLine($"{heldByA} of {Executions} calls were in flight on the killed node; all completed {killedAt.Elapsed.TotalSeconds:0.0} s after the kill.");

        Assert.Equal(Executions, await _database.CountAsync("select count(distinct stream_id) from econeura.mt_events where type = 'agent_responded'"));
        Assert.Equal(Executions, await _database.CountAsync("select count(*) from econeura.mt_events where type = 'agent_responded'"));
        // Each call made is charged once: the answered ones at their reply, those lost with node A at their bound.
        Assert.Equal(Executions, await _database.CountAsync("select count(*) from econeura.mt_events where type = 'cost_recorded' and not coalesce((data->>'Unconfirmed')::boolean, false)"));
        Assert.Equal(heldByA, await _database.CountAsync("select count(*) from econeura.mt_events where type = 'cost_recorded' and (data->>'Unconfirmed')::boolean"));
        Assert.Equal(heldByA, await _database.CountAsync("select count(*) from econeura.mt_events where type = 'execution_dispatched' and (data->>'AfterNodeLoss')::boolean"));
    }
}
