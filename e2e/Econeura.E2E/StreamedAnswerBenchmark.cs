using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Econeura.Testing;
using Microsoft.Playwright;
using Npgsql;
using Xunit.Abstractions;

namespace Econeura.E2E;

/// <summary>
/// Measures, not asserts (run by bench/streaming.sh), on conversation threads as their owner reads them: from a local
/// streaming model's first piece to that text in the thread, and from its last piece to the turn recorded with its cost
/// in the thread, for 1 and 50 answers streaming at once, each thread open on the node making the call or on the other
/// one; beside it, in the same run, a commit to the same pages (the live-update path every page rides). Then what a
/// 100-turn thread costs to open and to keep open, beside a one-turn thread and the approval queue. Times are the model
/// server's, PostgreSQL's and the browser's clocks, on one machine.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class StreamedAnswerBenchmark(StreamingBenchmarkCluster cluster, ITestOutputHelper output) : IClassFixture<StreamingBenchmarkCluster>, IAsyncLifetime
{
    private const int SequentialRuns = 20;
    private const int AtOnce = 50;
    private const int Opens = 20;
    private const string StreamedAgent = "neura-10";
    private const string SimulatedAgent = "neura-1";

    /// <summary>The latest turns a thread shows when it opens (<c>ConversationThreadPage.ShownAtFirst</c>).</summary>
    private const int ShownInThread = 10;
    private TestAgentServer _model = default!;

    /// <summary>The first time the thread's answer had text, and the first time the thread showed the turn's cost.</summary>
    private const string Observer = """
        () => {
          window.__first = null; window.__cost = null;
          const now = () => performance.timeOrigin + performance.now();
          const look = () => {
            if (window.__first === null && document.querySelector('[data-testid=live-answer] [data-testid=markdown-text]')?.textContent.length > 0)
              window.__first = now();
            if (window.__cost === null && document.querySelector('[data-testid=conv-turn-cost]')) window.__cost = now();
          };
          new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
          look();
        }
        """;

    /// <summary>
    /// Stops the pages' animations (the spinner beside an answer being written): fifty pages animating in one browser on this
    /// machine's two cores starve the portal, where each reader's own computer would draw their one page. The DOM is the same.
    /// </summary>
    private const string StillPages = """
        document.addEventListener('DOMContentLoaded', () => {
          const style = document.createElement('style');
          style.textContent = '*, *::before, *::after { animation: none !important; transition: none !important; }';
          document.head.append(style);
        });
        """;

    public async Task InitializeAsync() => _model = await TestAgentServer.StartAsync();

    public async Task DisposeAsync() => await _model.DisposeAsync();

    [Fact]
    public async Task First_piece_to_the_thread_and_last_piece_to_the_recorded_cost()
    {
        await RouteToModelAsync();
        var report = new List<string>();
        var single = new List<Sample>();
        for (var run = 0; run < SequentialRuns; run++) single.AddRange(await RoundAsync(1, run));
        Print(report, Summarise("1 answer at a time", single));
        Print(report, Summarise($"{AtOnce} answers streaming at once", await RoundAsync(AtOnce, 0)));
        await File.WriteAllLinesAsync(Path.Combine(Repository.Artifacts("e2e"), "streaming.txt"), report);
    }

    [Fact]
    public async Task A_hundred_turn_thread_to_first_render_and_its_memory()
    {
        var ana = await cluster.NodeA.ApiClientAsync("ana");
        var one = await ConversationAsync(ana, 1);
        var hundred = await ConversationAsync(ana, 100);
        var report = new List<string>();
        var context = await cluster.SignedInContextAsync(cluster.NodeA, "ana");
        foreach (var (id, what) in new[] { (one, "1 turn (baseline)"), (hundred, $"100 turns ({ShownInThread} shown)") })
        {
            var (render, interactive) = await OpenTimesAsync(context, $"/conversations/{id}");
            Print(report, [$"thread open, {what}: first render (prerendered page received) n={Opens} {Percentiles(render, 0.95)} (target p95 ≤ 100 ms); " +
                           $"interactive (circuit connected) {Percentiles(interactive, 0.95)}"]);
        }
        await context.CloseAsync();

        await RequestApprovalsAsync(20);
        Print(report, [await PageMemory.PerPageAsync(cluster, cluster.NodeB, "diego", "/approvals", "approval queue (/approvals, 20 requests; baseline)")]);
        Print(report, [await PageMemory.PerPageAsync(cluster, cluster.NodeB, "ana", $"/conversations/{one}", "1-turn thread")]);
        Print(report, [await PageMemory.PerPageAsync(cluster, cluster.NodeB, "ana", $"/conversations/{hundred}", $"100-turn thread ({ShownInThread} shown; target ≤ 1 MB)")]);
        await File.WriteAllLinesAsync(Path.Combine(Repository.Artifacts("e2e"), "streaming-thread.txt"), report);
    }

    private void Print(List<string> report, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            output.WriteLine(line);
            report.Add(line);
        }
    }

    /// <param name="FirstMs">The model's first piece to its text in the thread.</param>
    /// <param name="LastMs">The model's last piece to the turn's cost in the thread.</param>
    /// <param name="CommitMs">The cost's commit to the turn's cost in the thread: the live-update path, the baseline.</param>
    private sealed record Sample(bool SameNode, double FirstMs, double LastMs, double CommitMs)
    {
        /// <summary>The model's last piece to the cost's commit: the recording, the server's own part.</summary>
        public double RecordingMs => LastMs - CommitMs;
    }

    /// <summary>
    /// <paramref name="count"/> conversations started together, each read on its own thread page (alternately on node A and
    /// B); the model holds its first piece until every page is watching, then streams every call as it is made.
    /// </summary>
    private async Task<List<Sample>> RoundAsync(int count, int round)
    {
        var go = new TaskCompletionSource();
        // Twenty pieces a twentieth of a second apart: a second of writing, as a model writes about 40 tokens a second.
        _model.Script("chat", new TestAgentServer.Answer(200, Pieces: [.. Enumerable.Range(0, 20).Select(i => $"pieza {i} ")],
            Usage: new TestAgentServer.ChatUsage(200, 40), Held: go.Task, HeldAfter: 0, PieceEvery: TimeSpan.FromMilliseconds(50)));
        var ana = await cluster.NodeA.ApiClientAsync("ana");
        var contexts = new Dictionary<PortalProcess, IBrowserContext>
        {
            [cluster.NodeA] = await cluster.SignedInContextAsync(cluster.NodeA, "ana"),
            [cluster.NodeB] = await cluster.SignedInContextAsync(cluster.NodeB, "ana"),
        };
        foreach (var context in contexts.Values) await context.AddInitScriptAsync(StillPages);
        var runs = new List<(string Marker, Guid Turn, PortalProcess Node, IPage Page)>();
        for (var i = 0; i < count; i++)
        {
            var marker = $"bench-{round}-{i}-{Guid.NewGuid():N}";
            var started = await SucceededAsync(await ana.PostAsJsonAsync("/api/v1/conversations", new { agentId = StreamedAgent, message = $"Resumen {marker}" }));
            var conversation = started.GetProperty("id").GetGuid();
            var turn = started.GetProperty("turn").GetProperty("executionId").GetGuid();
            var node = (round + i) % 2 == 0 ? cluster.NodeA : cluster.NodeB;
            var page = await contexts[node].NewPageAsync();
            await page.GotoAsync($"/conversations/{conversation}");
            await PortalCluster.WaitForCircuitAsync(page);
            runs.Add((marker, turn, node, page));
        }
        foreach (var run in runs)
        {
            // Alone, the call is under way and its thread follows it before the model writes. Fifty started together are sent
            // as the dispatcher's fair share allows: each thread follows its call from when it starts.
            if (count == 1) await run.Page.Locator("[data-testid=live-answer][data-streaming=true]").WaitForAsync(new() { Timeout = 60_000 });
            await run.Page.EvaluateAsync(Observer);
        }
        go.SetResult();
        var samples = new List<Sample>();
        foreach (var run in runs)
        {
            await run.Page.WaitForFunctionAsync("() => window.__first !== null && window.__cost !== null", null, new() { Timeout = 120_000, PollingInterval = 50 });
            var first = await run.Page.EvaluateAsync<double>("() => window.__first");
            var cost = await run.Page.EvaluateAsync<double>("() => window.__cost");
            var stream = _model.Streams.Single(s => s.RequestBody.Contains(run.Marker, StringComparison.Ordinal));
            var (callingNode, costCommitted) = await RecordAsync(run.Turn);
            samples.Add(new Sample(callingNode.Contains($"-{run.Node.ProcessId}-", StringComparison.Ordinal),
                first - UnixMs(stream.FirstPieceAt), cost - UnixMs(stream.EndAt), cost - UnixMs(costCommitted)));
        }
        foreach (var context in contexts.Values) await context.CloseAsync();
        return samples;
    }

    private static double UnixMs(DateTimeOffset at) => at.ToUnixTimeMilliseconds() + at.Ticks % TimeSpan.TicksPerMillisecond / 10_000.0;

    /// <summary>Points the streamed agent at the local model, through the admin API as an admin would.</summary>
    private async Task RouteToModelAsync()
    {
        var diego = await cluster.NodeA.ApiClientAsync("diego");
        var agents = await diego.GetFromJsonAsync<JsonArray>("/api/v1/admin/agents");
        var agent = agents!.Select(a => a!["agent"]!).Single(a => a["id"]!.GetValue<string>() == StreamedAgent).AsObject();
        var lower = agent["route"]!.GetValue<string>() == "simulator";
        agent["route"] = lower ? "chat" : "Chat";
        agent["model"] = "gpt-4o";
        agent["chat"] = new JsonObject { ["endpoint"] = _model.BaseUrl + "/v1/", ["deployment"] = "gpt-4o" };
        var saved = await diego.PutAsJsonAsync($"/api/v1/admin/agents/{StreamedAgent}", agent);
        if (!saved.IsSuccessStatusCode) throw new InvalidOperationException($"Routing {StreamedAgent} failed: {await saved.Content.ReadAsStringAsync()}");
    }

    /// <summary>The node that made the turn's call, and when its cost was committed (PostgreSQL's own commit time).</summary>
    private async Task<(string Node, DateTimeOffset CostCommitted)> RecordAsync(Guid turn)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select (select coalesce(data->>'Node', data->>'node') from econeura.mt_events where stream_id = @id and type = 'execution_dispatched' " +
            "order by version desc limit 1), (select pg_xact_commit_timestamp(xmin) from econeura.mt_events where stream_id = @id and type = 'cost_recorded' " +
            "order by version desc limit 1)", connection);
        command.Parameters.AddWithValue("id", turn);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        if (reader.IsDBNull(1))
            throw new InvalidOperationException("No commit timestamp: start PostgreSQL with track_commit_timestamp=on (bench/streaming.sh does).");
        return (reader.IsDBNull(0) ? "" : reader.GetString(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero));
    }

    /// <summary>A conversation of <paramref name="turns"/> answered turns with the simulated agent, sent through the API.</summary>
    private static async Task<Guid> ConversationAsync(HttpClient ana, int turns)
    {
        var started = await SucceededAsync(await ana.PostAsJsonAsync("/api/v1/conversations",
            new { agentId = SimulatedAgent, message = "Turno 1: resume las ventas del trimestre por región y compáralas con el presupuesto." }));
        var id = started.GetProperty("id").GetGuid();
        for (var turn = 2; turn <= turns; turn++)
        {
            var message = new { message = $"Turno {turn}: ahora detalla la región {turn % 7} y dime qué cambió desde el turno {turn - 1}." };
            // The next message is refused (409) while the last turn is still under way.
            HttpResponseMessage sent;
            while ((sent = await ana.PostAsJsonAsync($"/api/v1/conversations/{id}/messages", message)).StatusCode == HttpStatusCode.Conflict)
                await Task.Delay(20);
            await SucceededAsync(sent);
        }
        await Eventually.Until(() => ana.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{id}"),
            thread => thread.GetProperty("messages").GetArrayLength() == 2 * turns, $"the {turns}-turn thread's last answer", timeoutSeconds: 120);
        return id;
    }

    private static async Task<JsonElement> SucceededAsync(HttpResponseMessage response) =>
        response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync<JsonElement>()
            : throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

    /// <summary>
    /// Opens <paramref name="path"/> in a new page <see cref="Opens"/> times (after three to warm up): when the prerendered
    /// page was received (the browser's navigation timing), and when its circuit was connected.
    /// </summary>
    private static async Task<(List<double> Render, List<double> Interactive)> OpenTimesAsync(IBrowserContext context, string path)
    {
        var render = new List<double>();
        var interactive = new List<double>();
        for (var open = -3; open < Opens; open++)
        {
            var page = await context.NewPageAsync();
            var clock = Stopwatch.StartNew();
            await page.GotoAsync(path);
            await PortalCluster.WaitForCircuitAsync(page);
            var connected = clock.Elapsed.TotalMilliseconds;
            var received = await page.EvaluateAsync<double>("() => { const n = performance.getEntriesByType('navigation')[0]; return n.responseEnd - n.startTime; }");
            await page.CloseAsync();
            if (open < 0) continue;
            render.Add(received);
            interactive.Add(connected);
        }
        return (render, interactive);
    }

    private async Task RequestApprovalsAsync(int count)
    {
        var ana = await cluster.NodeA.ApiClientAsync("ana");
        for (var i = 0; i < count; i++)
            await SucceededAsync(await ana.PostAsJsonAsync("/api/v1/executions", new { agentId = "ciso-access-recertification", input = $"Accesos del área {i}" }));
    }

    private static IEnumerable<string> Summarise(string what, List<Sample> samples)
    {
        var baseline = Percentiles(samples.Select(s => s.CommitMs), 0.99);
        foreach (var (sameNode, where) in new[] { (true, "thread on the calling node"), (false, "thread on the other node") })
        {
            var of = samples.Where(s => s.SameNode == sameNode).ToList();
            if (of.Count == 0) continue;
            yield return $"{what}, {where}: first piece → thread n={of.Count} {Percentiles(of.Select(s => s.FirstMs), 0.99)} (target p50 ≤ 50, p99 ≤ 150); " +
                         $"baseline, a commit → the same threads: {Percentiles(of.Select(s => s.CommitMs), 0.99)}";
        }
        yield return $"{what}: last piece → turn recorded with its cost in the thread n={samples.Count} {Percentiles(samples.Select(s => s.LastMs), 0.99)} " +
                     $"(target p99 ≤ 250): last piece → cost committed {Percentiles(samples.Select(s => s.RecordingMs), 0.99)}; " +
                     $"baseline, the cost's commit → the thread: {baseline}";
    }

    private static string Percentiles(IEnumerable<double> values, double high)
    {
        var sorted = values.Order().ToList();
        return $"p50 {Measure.Percentile(sorted, 0.50):F0} ms, p{high * 100:F0} {Measure.Percentile(sorted, high):F0} ms, max {sorted[^1]:F0} ms";
    }
}
