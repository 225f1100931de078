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
    public async Task Killing_a_node_mid_call_leaves_every_execution_completed_by_the_survivor_with_one_reply_and_one_cost()
    {
        using var api = await PortalCluster.ApiAsync(_nodeB, "ana");
        var ids = new List<Guid>();
        for (var i = 0; i < Executions; i++)
        {
            var launched = await api.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = $"Resume el informe {i}" });
            launched.EnsureSuccessStatusCode();
            ids.Add((await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
        var heldByA = await Until(async () => await CountAsync("""
            select count(*) from econeura.mt_doc_executionview v
            where (v.data->>'Status')::int = @dispatched and v.data->>'DispatchNode' like '%:' || @pid || ':%'
            """, _nodeA.ProcessId.ToString()), held => held > 0, "calls in flight on node A", TimeSpan.FromSeconds(30));

        await _nodeA.KillAsync();
        var killedAt = Stopwatch.StartNew();
        try
        {
            await Until(() => CountAsync($"select count(*) from econeura.mt_doc_executionview v where (v.data->>'Status')::int = {Completed}", null),
                completed => completed == Executions, "every execution to complete on node B", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            output.WriteLine(_nodeB.Output);
            output.WriteLine("nodes: " + await CountAsync("select count(*) from econeura.mt_doc_portalnode", null));
            throw;
        }
        output.WriteLine($"{heldByA} of {Executions} calls were in flight on the killed node; all completed {killedAt.Elapsed.TotalSeconds:0.0} s after the kill.");

        Assert.Equal(Executions, await CountAsync("select count(distinct stream_id) from econeura.mt_events where type = 'agent_responded'", null));
        Assert.Equal(Executions, await CountAsync("select count(*) from econeura.mt_events where type = 'agent_responded'", null));
        Assert.Equal(Executions, await CountAsync("select count(*) from econeura.mt_events where type = 'cost_recorded'", null));
        Assert.Equal(heldByA, await CountAsync("select count(*) from econeura.mt_events where type = 'execution_dispatched' and (data->>'AfterNodeLoss')::boolean", null));
    }

    private async Task<long> CountAsync(string sql, string? pid)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (pid is not null)
        {
            command.Parameters.AddWithValue("pid", pid);
            command.Parameters.AddWithValue("dispatched", Dispatched);
        }
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> Until(Func<Task<long>> read, Func<long, bool> done, string what, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (deadline.Elapsed > timeout) throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting for {what} (last: {value}).");
            await Task.Delay(200);
        }
    }
}
