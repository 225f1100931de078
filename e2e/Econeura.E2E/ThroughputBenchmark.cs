using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Econeura.E2E;

/// <summary>
/// Measures, not asserts: executions per second end to end (API launch → Completed) on one portal process, with N
/// concurrent API clients, the simulator at ECONEURA_BENCH_SIMULATOR_LATENCY_MS (0 by default) or, with
/// ECONEURA_BENCH_WEBHOOK=1, a local webhook receiver; the wait from enqueue to the job's start (p50/p99), best read
/// with launches paced below capacity (ECONEURA_BENCH_RATE), and the database commits per execution. Run by
/// bench/throughput.sh, which first measures the baseline on the same machine (ThroughputBaselineBenchmark in the portal
/// tests) and passes it as ECONEURA_BENCH_BASELINE: executions/s divided by it is the figure that travels between
/// machines, and the goal. Excluded from the test suite.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class ThroughputBenchmark(ITestOutputHelper output) : IAsyncLifetime
{
    private static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

    private readonly int _executions = Setting("ECONEURA_BENCH_EXECUTIONS", 2000);
    private readonly int _warmUp = Setting("ECONEURA_BENCH_WARMUP", 5000);
    private readonly int _perSecond = Setting("ECONEURA_BENCH_RATE", 0);
    private readonly int _clients = Setting("ECONEURA_BENCH_CLIENTS", 16);
    private readonly int _workers = Setting("ECONEURA_BENCH_WORKERS", 20);
    private readonly int _latencyMs = Setting("ECONEURA_BENCH_SIMULATOR_LATENCY_MS", 0);
    private readonly bool _webhook = Environment.GetEnvironmentVariable("ECONEURA_BENCH_WEBHOOK") == "1";
    private readonly double? _baseline = double.TryParse(Environment.GetEnvironmentVariable("ECONEURA_BENCH_BASELINE"),
        System.Globalization.CultureInfo.InvariantCulture, out var baseline) ? baseline : null;
    private TestDatabase _database = default!;
    private PortalProcess _portal = default!;
    private TestAgentServer? _receiver;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("econeura_bench");
        _portal = await PortalProcess.StartAsync(_database.ConnectionString, new Dictionary<string, string>
        {
            ["Agents__Simulator__LatencyMs"] = _latencyMs.ToString(),
            ["BackgroundJobs__WorkerCount"] = _workers.ToString(),
            ["Dispatch__PerTenantInFlight"] = "0",
            ["Dispatch__MaxQueuedPerTenant"] = "0",
            ["RateLimits__PerUser__PermitLimit"] = "0",
            ["RateLimits__PerTenant__PermitLimit"] = "0",
            ["DevelopmentSignIn__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        });
        if (!_webhook) return;
        _receiver = await TestAgentServer.StartAsync();
        var url = _receiver.Script("bench", new TestAgentServer.Answer(200, """{"output":"ok","usage":{"inputTokens":20,"outputTokens":5}}"""));
        using var diego = await _portal.ApiClientAsync("diego");
        var agents = JsonNode.Parse(await diego.GetStringAsync("/api/v1/admin/agents"))!.AsArray();
        var agent = agents.Single(a => (string?)a!["agent"]!["id"] == "neura-1")!["agent"]!.AsObject();
        agent["route"] = "webhook";
        agent["webhook"] = new JsonObject { ["url"] = url };
        (await diego.PutAsJsonAsync("/api/v1/admin/agents/neura-1", agent)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        if (_receiver is not null) await _receiver.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Executions_per_second_end_to_end()
    {
        // The load generator must not be what is measured: with the pool's default of one thread per core, its own
        // timers and answers waited up to 0.8 s for a thread (CPU idle) and then launched in bursts.
        ThreadPool.SetMinThreads(64, 64);
        var personas = new[] { "ana", "bruno", "carmen", "diego" };
        var clients = await Task.WhenAll(Enumerable.Range(0, _clients).Select(i => _portal.ApiClientAsync(personas[i % personas.Length])));
        // Warm-up, finished before the clock starts: a portal that has run a while (pools, the tenant's catalog and
        // prices, and the tiered JIT, which on two cores still took a fifth of the portal's CPU after 2,500 executions).
        var seeded = await CompletedAsync();
        await RunAsync(clients, _warmUp);
        await Eventually.Until(CompletedAsync, done => done >= seeded + _warmUp, "the warm-up to complete", timeoutSeconds: 600);
        var warm = await CompletedAsync();
        var commitsBefore = await CommitsAsync();
        var since = DateTimeOffset.UtcNow;

        var clock = Stopwatch.StartNew();
        await (_perSecond > 0 ? RunPacedAsync(clients, _executions, _perSecond) : RunAsync(clients, _executions));
        var launched = clock.Elapsed;
        await Eventually.Until(CompletedAsync, done => done >= warm + _executions, "every execution to complete", timeoutSeconds: 600);
        var completed = clock.Elapsed;
        var commits = await CommitsAsync() - commitsBefore;

        var waits = await WaitsBeforeStartAsync(since);
        var report = $"throughput ({(_webhook ? "webhook" : $"simulator {_latencyMs} ms")}, {(_perSecond > 0 ? $"paced at {_perSecond}/s" : $"{_clients} clients")}, {_workers} workers, " +
                     $"{_executions} executions after {_warmUp} to warm up): " +
                     $"{_executions / completed.TotalSeconds:0.0} executions/s end to end{Ratio(_executions / completed.TotalSeconds)}; " +
                     $"launches accepted at {_executions / launched.TotalSeconds:0.0}/s; " +
                     $"enqueue → job start p50 {Measure.Percentile(waits.Total, 0.5):0.0} ms, p99 {Measure.Percentile(waits.Total, 0.99):0.0} ms " +
                     $"(request → Hangfire job {Legs(waits.Enqueue)}, job → picked up {Legs(waits.Pickup)}, picked up → dispatched {Legs(waits.JobStart)}); " +
                     $"{(double)commits / _executions:0.0} database commits per execution";
        output.WriteLine(report);
    }

    /// <summary>
    /// The rate as a share of the baseline, for the run that measures the portal's own capacity: paced launches measure
    /// the pace, and an agent that takes time or a webhook measure the agent.
    /// </summary>
    private string Ratio(double perSecond) =>
        _baseline is { } baseline && _perSecond == 0 && _latencyMs == 0 && !_webhook
            ? $" = {perSecond / baseline:0.00} × the baseline's {baseline:0.0}/s (the goal figure)"
            : "";

    private static string Legs(double[] waits) => $"{Measure.Percentile(waits, 0.5):0}/{Measure.Percentile(waits, 0.99):0} ms";

    /// <summary>Each client launches in turn until <paramref name="count"/> launches were accepted among them.</summary>
    private static async Task RunAsync(HttpClient[] clients, int count)
    {
        var next = 0;
        await Task.WhenAll(clients.Select(async client =>
        {
            while (Interlocked.Increment(ref next) <= count) await LaunchAsync(client);
        }));
    }

    /// <summary>Launches at a steady rate whatever the answers' pace: the wait before a job starts, measured below capacity.</summary>
    private static async Task RunPacedAsync(HttpClient[] clients, int count, int perSecond)
    {
        var clock = Stopwatch.StartNew();
        var launches = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due);
            launches.Add(LaunchAsync(clients[i % clients.Length]));
        }
        await Task.WhenAll(launches);
    }

    private static async Task LaunchAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = "Resume las ventas de la semana" });
        response.EnsureSuccessStatusCode();
    }

    private Task<long> CompletedAsync() =>
        _database.CountAsync("select count(*) from econeura.mt_events where type = 'execution_completed'");

    private Task<long> CommitsAsync() =>
        _database.CountAsync($"select xact_commit from pg_stat_database where datname = '{_database.Name}'");

    /// <summary>
    /// From the request (enqueued right after its commit) to the dispatch (the job started), per execution, and its
    /// three legs: the request to the Hangfire job's creation, the creation to Hangfire's Processing state (the pickup),
    /// and that state to the dispatch event (the job's own start).
    /// </summary>
    private async Task<(double[] Total, double[] Enqueue, double[] Pickup, double[] JobStart)> WaitsBeforeStartAsync(DateTimeOffset since)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            select extract(epoch from d.timestamp - r.timestamp) * 1000,
                   extract(epoch from j.createdat - r.timestamp) * 1000,
                   extract(epoch from p.createdat - j.createdat) * 1000,
                   extract(epoch from d.timestamp - p.createdat) * 1000
            from econeura.mt_events r
            join econeura.mt_events d on d.stream_id = r.stream_id and d.type = 'execution_dispatched'
            join hangfire.job j on j.arguments::text like '%' || r.stream_id::text || '%'
            join lateral (select min(s.createdat) createdat from hangfire.state s where s.jobid = j.id and s.name = 'Processing') p on true
            where r.type = 'execution_requested' and r.timestamp > @since
            """, connection);
        command.Parameters.AddWithValue("since", since);
        var legs = new[] { new List<double>(), new List<double>(), new List<double>(), new List<double>() };
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            for (var leg = 0; leg < legs.Length; leg++) legs[leg].Add(Convert.ToDouble(reader.GetValue(leg)));
        double[] Sorted(int leg) => [.. legs[leg].Order()];
        return (Sorted(0), Sorted(1), Sorted(2), Sorted(3));
    }
}
