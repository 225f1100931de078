using Econeura.Testing;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;
using Xunit.Abstractions;

namespace Econeura.E2E;

/// <summary>
/// Measures, not asserts (run by bench/live-push.sh): how long after a commit the changed row is in the DOM of every
/// open page, for 1, 10 and 25 pages on the committing node and on the other one; and what each open queue page costs
/// the server in memory. The commit time is PostgreSQL's own (track_commit_timestamp), the DOM time the browser's.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class LivePushBenchmark(BenchmarkCluster cluster, ITestOutputHelper output) : IClassFixture<BenchmarkCluster>
{
    private const int Changes = 20;
    private static readonly int[] PageCounts = [1, 10, 25];

    private const string Observer = """
        (selector) => {
          window.__seen = {};
          const look = () => {
            const t = performance.timeOrigin + performance.now();
            for (const el of document.querySelectorAll(selector)) {
              const id = el.getAttribute('data-key');
              if (id && !(id in window.__seen)) window.__seen[id] = t;
            }
          };
          new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
          look();
        }
        """;

    [Fact]
    public async Task Approval_decisions_reach_open_queues()
    {
        var report = new List<string>();
        foreach (var (node, where) in new[] { (cluster.NodeA, "same process"), (cluster.NodeB, "other process") })
        foreach (var count in PageCounts)
        {
            var pending = await RequestApprovalsAsync(Changes);
            var (context, pages) = await OpenAsync(node, "diego", "/approvals", count);
            foreach (var page in pages)
            {
                await page.Locator("[data-testid=approval-progress]").Nth(Changes - 1).WaitForAsync(new() { Timeout = 30_000 });
                await page.EvaluateAsync(Observer.Replace("data-key", "data-approval"), "[data-testid=approval-progress][data-count='1']");
            }
            var commits = new Dictionary<string, DateTimeOffset>();
            foreach (var id in pending)
            {
                var decided = await (await cluster.NodeA.ApiClientAsync("bruno")).PostAsJsonAsync($"/api/v1/approvals/{id}/decision", new { decision = "approve" });
                decided.EnsureSuccessStatusCode();
                commits[id] = await CommitTimeAsync(Guid.Parse(id));
                await Task.Delay(250);
            }
            report.Add(Summarise($"approval queue, {count,2} page(s), {where}", await LatenciesAsync(pages, commits)));
            await context.CloseAsync();
            await RejectAllAsync(pending);
        }
        foreach (var line in report) output.WriteLine(line);
        await WriteAsync("live-push-approvals.txt", report);
    }

    [Fact]
    public async Task New_executions_reach_open_execution_lists()
    {
        var report = new List<string>();
        foreach (var (node, where) in new[] { (cluster.NodeA, "same process"), (cluster.NodeB, "other process") })
        foreach (var count in PageCounts)
        {
            var (context, pages) = await OpenAsync(node, "diego", "/executions", count);
            foreach (var page in pages) await page.EvaluateAsync(Observer.Replace("data-key", "data-execution"), "[data-execution]");
            var commits = new Dictionary<string, DateTimeOffset>();
            var ana = await cluster.NodeA.ApiClientAsync("ana");
            for (var i = 0; i < Changes; i++)
            {
                var launched = await ana.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = $"Ventas {i}" });
                var id = (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                commits[id] = await CommitTimeAsync(Guid.Parse(id));
                await Task.Delay(250);
            }
            report.Add(Summarise($"executions list, {count,2} page(s), {where}", await LatenciesAsync(pages, commits)));
            await context.CloseAsync();
        }
        foreach (var line in report) output.WriteLine(line);
        await WriteAsync("live-push-executions.txt", report);
    }

    [Fact]
    public async Task Memory_per_open_queue_page()
    {
        await RequestApprovalsAsync(Changes);
        var path = Environment.GetEnvironmentVariable("ECONEURA_BENCH_MEMORY_PATH") ?? "/approvals";
        var line = await PageMemory.PerPageAsync(cluster, cluster.NodeB, "diego", path, path);
        output.WriteLine(line);
        await WriteAsync("live-push-memory.txt", [line]);
    }

    private Task<(IBrowserContext, IReadOnlyList<IPage>)> OpenAsync(PortalProcess node, string persona, string path, int count) =>
        PageMemory.OpenAsync(cluster, node, persona, path, count);

    private async Task<IReadOnlyList<string>> RequestApprovalsAsync(int count)
    {
        var ana = await cluster.NodeA.ApiClientAsync("ana");
        var diego = await cluster.NodeA.ApiClientAsync("diego");
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var launched = await ana.PostAsJsonAsync("/api/v1/executions", new { agentId = "ciso-access-recertification", input = $"Accesos del área {i}" });
            launched.EnsureSuccessStatusCode();
            var executionId = (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            var page = await diego.GetFromJsonAsync<JsonElement>("/api/v1/approvals?pageSize=100");
            ids.Add(page.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("executionId").GetGuid() == executionId).GetProperty("id").GetString()!);
        }
        return ids;
    }

    private async Task RejectAllAsync(IEnumerable<string> ids)
    {
        var diego = await cluster.NodeA.ApiClientAsync("diego");
        foreach (var id in ids) await diego.PostAsJsonAsync($"/api/v1/approvals/{id}/decision", new { decision = "reject", reason = "benchmark" });
    }

    private async Task<DateTimeOffset> CommitTimeAsync(Guid streamId)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select pg_xact_commit_timestamp(xmin) from econeura.mt_events where stream_id = @id order by version desc limit 1", connection);
        command.Parameters.AddWithValue("id", streamId);
        return (DateTimeOffset)(DateTime)(await command.ExecuteScalarAsync()
            ?? throw new InvalidOperationException("No commit timestamp: start PostgreSQL with track_commit_timestamp=on (bench/live-push.sh does)."));
    }

    private static async Task<List<double>> LatenciesAsync(IReadOnlyList<IPage> pages, IReadOnlyDictionary<string, DateTimeOffset> commits)
    {
        var latencies = new List<double>();
        foreach (var page in pages)
        {
            await page.WaitForFunctionAsync("n => Object.keys(window.__seen).length >= n", commits.Count, new() { Timeout = 60_000, PollingInterval = 100 });
            var seen = await page.EvaluateAsync<Dictionary<string, double>>("() => window.__seen");
            latencies.AddRange(commits.Select(c => seen[c.Key] - c.Value.ToUnixTimeMilliseconds() - c.Value.Ticks % TimeSpan.TicksPerMillisecond / 10_000.0));
        }
        latencies.Sort();
        return latencies;
    }

    private static string Summarise(string what, List<double> sorted) =>
        $"{what}: n={sorted.Count} p50 {Percentile(sorted, 0.50):F0} ms, p95 {Percentile(sorted, 0.95):F0} ms, p99 {Percentile(sorted, 0.99):F0} ms, max {sorted[^1]:F0} ms";

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static Task WriteAsync(string file, IEnumerable<string> lines) =>
        File.WriteAllLinesAsync(Path.Combine(Repository.Artifacts("e2e"), file), lines);
}
