using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Econeura.Portal.Features.Dispatch;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Econeura.Portal.Tests.Executions;

public sealed class ThroughputBaselineFixture : PortalFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["BackgroundJobs:WorkerCount"] = ThroughputBaselineBenchmark.Workers.ToString(),
        ["Agents:Simulator:LatencyMs"] = "0",
    };
}

/// <summary>What the Hangfire job does in the baseline: nothing.</summary>
public static class NoOpJob
{
    public static void Run() { }
}

/// <summary>The baseline's stand-in for a dispatch: appends the commits of an execution that follow its request.</summary>
public sealed class AppendRestJob(IDocumentStore store)
{
    /// <summary>Set by the benchmark before it enqueues: the same for every stream, so it is not passed with each job.</summary>
    public static ExecutionCommits? Commits { get; set; }

    public Task RunAsync(Guid id) => Commits!.AppendAsync(store, id, from: 1);
}

/// <summary>The events of one real execution, by the commit that wrote them, to be written again to fresh streams.</summary>
public sealed class ExecutionCommits(IReadOnlyList<object[]> commits, string tenant)
{
    private readonly string _original = commits[0].OfType<ExecutionRequested>().Single().ExecutionId.ToString();

    public int Count => commits.Count;
    public int Events => commits.Sum(c => c.Length);

    /// <summary>Appends commits <paramref name="from"/> onwards to stream <paramref name="id"/>, each event naming it.</summary>
    public async Task AppendAsync(IDocumentStore store, Guid id, int from = 0, int? to = null)
    {
        for (var i = from; i < (to ?? commits.Count); i++)
        {
            var events = commits[i].Select(e => JsonSerializer.Deserialize(JsonSerializer.Serialize(e, e.GetType()).Replace(_original, id.ToString()), e.GetType())!).ToArray();
            await using var session = store.LightweightSession(tenant);
            if (i == 0) session.Events.StartStream(id, events);
            else session.Events.Append(id, events);
            await session.SaveChangesAsync();
        }
    }
}

/// <summary>
/// Measures, not asserts (run by bench/throughput.sh before the end-to-end runs, on the same cluster): what the two
/// engines under an execution do per second on this machine when asked for nothing else, with the portal's own storage
/// settings and as many workers and clients as the end-to-end benchmark. Hangfire runs no-op jobs; Marten appends the
/// events of a real completed execution to fresh streams, in the same commits as the portal wrote them; "together" is
/// both as the portal chains them: the first commit, then a job that appends the rest. Executions/s end to end divided
/// by "together" is the figure that travels between machines, where the absolute rate does not.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class ThroughputBaselineBenchmark(ThroughputBaselineFixture fixture, ITestOutputHelper output) : IClassFixture<ThroughputBaselineFixture>
{
    private static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

    public static readonly int Workers = Setting("ECONEURA_BENCH_WORKERS", 20);
    private static readonly int Clients = Setting("ECONEURA_BENCH_CLIENTS", 16);
    private static readonly int Count = Setting("ECONEURA_BENCH_EXECUTIONS", 2000);
    private static readonly int WarmUp = Setting("ECONEURA_BENCH_BASELINE_WARMUP", 1000);

    [Fact]
    public async Task Hangfire_jobs_and_Marten_appends_per_second()
    {
        ThreadPool.SetMinThreads(64, 64);
        var jobs = await PerSecondAsync(count => JobsAsync(count, nameof(NoOpJob), jobs =>
        {
            jobs.Enqueue(() => NoOpJob.Run());
            return Task.CompletedTask;
        }));
        var commits = await AnExecutionsCommitsAsync();
        // The copies' requests put rows in the dispatch queue: a running dispatcher would hand them to real dispatch jobs,
        // which would append to the same streams (a conflict) and add work that is not the baseline's.
        await fixture.Service<Dispatcher>().StopAsync(CancellationToken.None);
        var appends = await PerSecondAsync(count => InParallelAsync(count, () => commits.AppendAsync(fixture.Store, Guid.CreateVersion7())));
        AppendRestJob.Commits = commits;
        var together = await PerSecondAsync(count => JobsAsync(count, nameof(AppendRestJob), async jobs =>
        {
            var id = Guid.CreateVersion7();
            await commits.AppendAsync(fixture.Store, id, to: 1);
            jobs.Enqueue<AppendRestJob>(job => job.RunAsync(id));
        }));
        output.WriteLine($"throughput baseline ({Workers} workers, {Clients} clients, {Count} each after {WarmUp} to warm up): " +
                         $"Hangfire no-op jobs {jobs:0.0}/s; Marten appends of an execution's events ({commits.Events} events in " +
                         $"{commits.Count} commits) {appends:0.0} executions/s; together (the first commit, then a job appending the rest) " +
                         $"{together:0.0} executions/s");
    }

    /// <summary>Runs <paramref name="count"/> units after a warm-up and returns how many finished per second.</summary>
    private static async Task<double> PerSecondAsync(Func<int, Task> run)
    {
        await run(WarmUp);
        var clock = Stopwatch.StartNew();
        await run(Count);
        return Count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Enqueues <paramref name="count"/> jobs of type <paramref name="job"/> from every client and waits until they succeeded.</summary>
    private async Task JobsAsync(int count, string job, Func<IBackgroundJobClient, Task> enqueue)
    {
        var client = fixture.Service<IBackgroundJobClient>();
        var succeeded = $"select count(*) from hangfire.job where statename = 'Succeeded' and invocationdata::text like '%{job}%'";
        var before = await fixture.Database.CountAsync(succeeded);
        await InParallelAsync(count, () => enqueue(client));
        await Eventually.Until(() => fixture.Database.CountAsync(succeeded), done => done >= before + count, $"the {job} jobs", timeoutSeconds: 600);
    }

    /// <summary>The events of one execution launched through the API and completed, grouped by the commit that wrote them.</summary>
    private async Task<ExecutionCommits> AnExecutionsCommitsAsync()
    {
        var ana = await fixture.Portal.ClientForAsync("ana");
        using var launched = await ana.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = "Resume las ventas de la semana" });
        launched.EnsureSuccessStatusCode();
        var id = (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var tenant = PortalFixture.User("ana").TenantId;
        var stream = await Eventually.Until(async () =>
        {
            await using var session = fixture.Store.QuerySession(tenant);
            return await session.Events.FetchStreamAsync(id);
        }, events => events.Any(e => e.Data is ExecutionCompleted), "the execution to complete");
        // Events appended in one transaction share its timestamp (the database's now()).
        return new([.. stream.GroupBy(e => e.Timestamp).Select(commit => commit.Select(e => e.Data).ToArray())], tenant);
    }

    private static async Task InParallelAsync(int count, Func<Task> unit)
    {
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= count) await unit();
        })));
    }
}
