using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Econeura.Testing;
using Microsoft.Playwright;
using Npgsql;
using Xunit.Abstractions;

namespace Econeura.E2E;

/// <summary>
/// Measures, not asserts (run by bench/streaming.sh): from a local streaming model's first piece to that text in the
/// reader's page, and from its last piece to the run recorded with its cost on the page; for 1 and 50 answers streaming
/// at once, each reader's page on the node making the call or on the other one. Times are the model server's clock and
/// the browser's, on one machine.
/// </summary>
/// <summary>Two nodes with a worker for each of 50 answers streaming at once (25 each), and no fair-use limits.</summary>
public sealed class StreamingBenchmarkCluster : PortalCluster
{
    protected override int SimulatorLatencyMs => 0;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["BackgroundJobs__WorkerCount"] = "25",
        ["RateLimits__PerUser__PermitLimit"] = "0",
        ["RateLimits__PerTenant__PermitLimit"] = "0",
    };

    // Every open page stands for a person's browser in the foreground: none is throttled as a background tab would be.
    protected override IReadOnlyList<string> BrowserArguments =>
        ["--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows", "--disable-renderer-backgrounding"];
}

[Trait("Category", "Benchmark")]
public sealed class StreamedAnswerBenchmark(StreamingBenchmarkCluster cluster, ITestOutputHelper output) : IClassFixture<StreamingBenchmarkCluster>, IAsyncLifetime
{
    private const int SequentialRuns = 20;
    private TestAgentServer _model = default!;

    /// <summary>The first time the answer had text in the page, and the first time the page showed its cost.</summary>
    private const string Observer = """
        () => {
          window.__first = null; window.__cost = null;
          const now = () => performance.timeOrigin + performance.now();
          const look = () => {
            if (window.__first === null && document.querySelector('[data-testid=live-answer] [data-testid=markdown-text]')?.textContent.length > 0)
              window.__first = now();
            const cost = document.querySelector('[data-testid=execution-cost]')?.textContent.trim();
            if (window.__cost === null && cost && cost !== '—') window.__cost = now();
          };
          new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
          look();
        }
        """;

    public async Task InitializeAsync() => _model = await TestAgentServer.StartAsync();

    public async Task DisposeAsync() => await _model.DisposeAsync();

    [Fact]
    public async Task First_piece_to_the_readers_page_and_last_piece_to_the_recorded_cost()
    {
        await RouteToModelAsync();
        var report = new List<string>();
        var single = new List<Sample>();
        for (var run = 0; run < SequentialRuns; run++) single.AddRange(await RoundAsync(1, run));
        report.AddRange(Summarise("1 answer at a time", single));
        foreach (var line in report) output.WriteLine(line);
        var many = await RoundAsync(50, 0);
        foreach (var line in Summarise("50 answers launched at once", many))
        {
            output.WriteLine(line);
            report.Add(line);
        }
        await File.WriteAllLinesAsync(Path.Combine(Repository.Artifacts("e2e"), "streaming.txt"), report);
    }

    private sealed record Sample(bool SameNode, double FirstMs, double LastMs);

    /// <summary>
    /// <paramref name="count"/> runs launched together, each read on its own page (alternately on node A and B); the model
    /// holds its first piece until every page is watching, then streams every call as it is made.
    /// </summary>
    private async Task<List<Sample>> RoundAsync(int count, int round)
    {
        var go = new TaskCompletionSource();
        _model.Script("chat", new TestAgentServer.Answer(200, Pieces: [.. Enumerable.Range(0, 20).Select(i => $"pieza {i} ")],
            Usage: new TestAgentServer.ChatUsage(200, 40), Held: go.Task, HeldAfter: 0));
        var ana = await cluster.NodeA.ApiClientAsync("ana");
        var contexts = new Dictionary<PortalProcess, IBrowserContext>
        {
            [cluster.NodeA] = await cluster.SignedInContextAsync(cluster.NodeA, "ana"),
            [cluster.NodeB] = await cluster.SignedInContextAsync(cluster.NodeB, "ana"),
        };
        var runs = new List<(string Marker, Guid Id, PortalProcess Node, IPage Page)>();
        for (var i = 0; i < count; i++)
        {
            var marker = $"bench-{round}-{i}-{Guid.NewGuid():N}";
            var launched = await ana.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-10", input = $"Resumen {marker}" });
            launched.EnsureSuccessStatusCode();
            var id = (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            var node = (round + i) % 2 == 0 ? cluster.NodeA : cluster.NodeB;
            var page = await contexts[node].NewPageAsync();
            await page.GotoAsync($"/executions/{id}");
            await PortalCluster.WaitForCircuitAsync(page);
            runs.Add((marker, id, node, page));
        }
        foreach (var run in runs)
        {
            // Alone, the call is under way and its page follows it before the model writes. Fifty launched together are sent
            // as the dispatcher's fair share allows: each page follows its call from when it starts.
            if (count == 1) await run.Page.Locator("[data-testid=live-answer][data-streaming=true]").WaitForAsync(new() { Timeout = 60_000 });
            await run.Page.EvaluateAsync(Observer);
        }
        go.SetResult();
        var samples = new List<Sample>();
        foreach (var run in runs)
        {
            await run.Page.WaitForFunctionAsync("() => window.__first !== null && window.__cost !== null", null, new() { Timeout = 60_000, PollingInterval = 50 });
            var first = await run.Page.EvaluateAsync<double>("() => window.__first");
            var cost = await run.Page.EvaluateAsync<double>("() => window.__cost");
            var stream = _model.Streams.Single(s => s.RequestBody.Contains(run.Marker, StringComparison.Ordinal));
            var sameNode = (await DispatchNodeAsync(run.Id)).Contains($"-{run.Node.ProcessId}-", StringComparison.Ordinal);
            samples.Add(new Sample(sameNode, first - stream.FirstPieceAt.ToUnixTimeMilliseconds() - SubMillisecond(stream.FirstPieceAt),
                cost - stream.EndAt.ToUnixTimeMilliseconds() - SubMillisecond(stream.EndAt)));
        }
        foreach (var context in contexts.Values) await context.CloseAsync();
        return samples;
    }

    private static double SubMillisecond(DateTimeOffset at) => at.Ticks % TimeSpan.TicksPerMillisecond / 10_000.0;

    /// <summary>Points neura-10 at the local model, through the admin API as an admin would.</summary>
    private async Task RouteToModelAsync()
    {
        var diego = await cluster.NodeA.ApiClientAsync("diego");
        var agents = await diego.GetFromJsonAsync<JsonArray>("/api/v1/admin/agents");
        var agent = agents!.Select(a => a!["agent"]!).Single(a => a["id"]!.GetValue<string>() == "neura-10").AsObject();
        var lower = agent["route"]!.GetValue<string>() == "simulator";
        agent["route"] = lower ? "chat" : "Chat";
        agent["model"] = "gpt-4o";
        agent["chat"] = new JsonObject { ["endpoint"] = _model.BaseUrl + "/v1/", ["deployment"] = "gpt-4o" };
        var saved = await diego.PutAsJsonAsync("/api/v1/admin/agents/neura-10", agent);
        if (!saved.IsSuccessStatusCode) throw new InvalidOperationException($"Routing neura-10 failed: {await saved.Content.ReadAsStringAsync()}");
    }

    private async Task<string> DispatchNodeAsync(Guid executionId)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select coalesce(data->>'Node', data->>'node') from econeura.mt_events where stream_id = @id and type = 'execution_dispatched' " +
            "order by version desc limit 1", connection);
        command.Parameters.AddWithValue("id", executionId);
        return (string?)await command.ExecuteScalarAsync() ?? "";
    }

    private static IEnumerable<string> Summarise(string what, List<Sample> samples)
    {
        foreach (var (sameNode, where) in new[] { (true, "page on the calling node"), (false, "page on the other node") })
        {
            var of = samples.Where(s => s.SameNode == sameNode).ToList();
            if (of.Count == 0) continue;
            yield return $"{what}, {where}: first piece → page n={of.Count} {Percentiles(of.Select(s => s.FirstMs))} (target p50 ≤ 50, p99 ≤ 150)";
        }
        yield return $"{what}: last piece → run recorded with its cost on the page n={samples.Count} {Percentiles(samples.Select(s => s.LastMs))} (target p99 ≤ 250)";
    }

    private static string Percentiles(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        double At(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        return $"p50 {At(0.50):F0} ms, p99 {At(0.99):F0} ms, max {sorted[^1]:F0} ms";
    }
}
