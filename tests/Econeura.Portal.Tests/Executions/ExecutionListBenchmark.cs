using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Econeura.Portal.Tests.Executions;

/// <summary>
/// Measures, not asserts (run by bench/executions-list.sh): the executions list's query (count and page) over 100,000
/// executions of one tenant, beside 20,000 of another, as an admin reads them: the first page, a middle page, a month,
/// sorted by agent, one person's own list, and the page's first (server) render.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class ExecutionListBenchmark(PortalFixture fixture, ITestOutputHelper output) : IClassFixture<PortalFixture>
{
    private const int Executions = 100_000;
    private const int OtherTenantExecutions = 20_000;
    private const int People = 200;
    private static readonly DateTimeOffset LastAt = new(2026, 11, 28, 18, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");

    [Fact]
    public async Task The_list_query_at_a_hundred_thousand_executions()
    {
        var report = new List<string>();
        var seeding = Stopwatch.StartNew();
        await SeedAsync(DevelopmentPersonas.Contoso.Id, Executions, seed: 2026);
        await SeedAsync(DevelopmentPersonas.Fabrikam.Id, OtherTenantExecutions, seed: 2027);
        await using (var analyze = fixture.Service<NpgsqlDataSource>().CreateCommand("vacuum analyze econeura.mt_doc_executionview"))
            await analyze.ExecuteNonQueryAsync();
        report.Add($"seeded {Executions:N0} executions in one tenant and {OtherTenantExecutions:N0} in another in {seeding.Elapsed.TotalSeconds:F1} s " +
                   "(then VACUUM ANALYZE, as autovacuum leaves a table that is mostly history)");

        // The catalog's names in Spanish, as most readers see them; the figures in the invariant culture.
        CultureInfo.CurrentUICulture = new CultureInfo("es-ES");
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var diego = PortalFixture.User("diego");
        var queries = fixture.Service<ExecutionQueries>();
        var names = await fixture.Service<AgentCatalog>().NamesAsync(diego.TenantId);
        var middle = Executions / ExecutionQueries.PageSize / 2;
        var cases = new (string Name, PortalUser User, ExecutionListQuery Query)[]
        {
            ("first page, newest first", diego, new ExecutionListQuery()),
            ($"middle page ({middle:N0} of {Executions / ExecutionQueries.PageSize:N0})", diego, new ExecutionListQuery { Page = middle }),
            ("one month (November), first page", diego, new ExecutionListQuery { From = new(2026, 11, 1), To = new(2026, 11, 30) }),
            ("one month, middle page", diego, new ExecutionListQuery { From = new(2026, 11, 1), To = new(2026, 11, 30), Page = 170 }),
            ("sorted by agent, first page", diego, new ExecutionListQuery { Sort = ExecutionSort.Agent, Descending = false }),
            ("sorted by agent, middle page", diego, new ExecutionListQuery { Sort = ExecutionSort.Agent, Descending = false, Page = middle }),
            ("status Failed, first page", diego, new ExecutionListQuery { Status = ExecutionStatus.Failed }),
            ("search 'tesoreria', first page", diego, new ExecutionListQuery { Search = "tesoreria" }),
            ("one person's own list (about 500), first page", Person(7), new ExecutionListQuery()),
            // A word in no run's text: every row in the reader's scope has its redacted input and answer read (ILIKE, no index).
            ("search a word of no text ('zafiro'), first page", diego, new ExecutionListQuery { Search = "zafiro" }),
            ("one person's own, search 'zafiro'", Person(7), new ExecutionListQuery { Search = "zafiro" }),
        };
        foreach (var (name, user, query) in cases)
        {
            var total = 0;
            var timing = await Measure.TimeAsync(30, async () => total = (await queries.PageAsync(user, query, names, Madrid)).Total);
            report.Add($"list query ({name}; {total:N0} rows match): p50 {timing.P50:F1} ms, p95 {timing.P95:F1} ms");
        }

        var browser = await fixture.Portal.BrowserForAsync("diego");
        var page = await Measure.TimeAsync(15, async () => (await browser.GetAsync("/executions?sort=agent&page=2000")).EnsureSuccessStatusCode());
        report.Add($"/executions?sort=agent&page=2000 first render (server prerender, catalog and list queries): p50 {page.P50:F0} ms, p95 {page.P95:F0} ms");

        foreach (var line in report) output.WriteLine(line);
        await File.WriteAllLinesAsync(Path.Combine(Repository.Artifacts("bench"), "executions-list.txt"), report);
    }

    private static PortalUser Person(int number) =>
        new(DevelopmentPersonas.Contoso.Id, $"person-{number:D3}", $"Persona {number:D3}", new HashSet<string> { AppRoles.User });


    /// <summary>
    /// Finished executions as the projection leaves them (a timeline of five steps, an answer, a cost), a year of them
    /// spread over 200 people and every agent, written straight into the read model with COPY.
    /// </summary>
    private async Task SeedAsync(string tenantId, int count, int seed)
    {
        var random = new Random(seed);
        var agents = AgentSeed.Load();
        var rows = new List<ExecutionView>(count);
        for (var i = 0; i < count; i++)
        {
            var agent = agents[random.Next(agents.Count)];
            var person = random.Next(People);
            var at = LastAt.AddMinutes(-random.Next(365 * 24 * 60)).AddSeconds(-random.Next(60));
            var status = random.Next(20) switch { 0 => ExecutionStatus.Failed, 1 => ExecutionStatus.Cancelled, _ => ExecutionStatus.Completed };
            var id = Guid.CreateVersion7(at);
            var view = new ExecutionView
            {
                Id = id, Version = 5, CorrelationId = id.ToString("N"), Status = status, Attempts = 1, RequestedAt = at, FinishedAt = at.AddSeconds(4),
                LastChangedAt = at.AddSeconds(4), InputTokens = random.Next(200, 2_500), OutputTokens = random.Next(150, 2_000), AgentDurationMs = 1_400,
                CostEur = status == ExecutionStatus.Completed ? Math.Round((decimal)random.NextDouble() / 10, 4) : null,
                Output = status == ExecutionStatus.Completed ? $"{agent.Name} (simulator): " + string.Concat(Enumerable.Repeat("una respuesta de ejemplo, ", 12)) : null,
                Timeline =
                [
                    new(TimelineEntryKind.Requested, at), new(TimelineEntryKind.Dispatched, at.AddSeconds(1), 1),
                    new(TimelineEntryKind.AgentResponded, at.AddSeconds(3), 1), new(TimelineEntryKind.CostRecorded, at.AddSeconds(3), 1, Actor: agent.Model, Amount: 0.01m),
                    new(TimelineEntryKind.Completed, at.AddSeconds(4)),
                ],
            };
            view.Describe(new ExecutionRequested(id, tenantId, agent.Id, agent.Name, agent.Department, $"person-{person:D3}", $"Persona {person:D3}",
                "Resume la variación de gastos de viaje del trimestre frente al presupuesto, por departamento.", [], view.CorrelationId, at), []);
            rows.Add(view);
        }
        await fixture.Store.BulkInsertAsync(tenantId, rows, batchSize: 5_000);
    }
}
