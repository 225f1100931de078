using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using Econeura.Portal.Features.Agents.Routing;
using Econeura.Portal.Tests.Agents;
using Npgsql;
using static Econeura.Testing.TestAgentServer;

namespace Econeura.Portal.Tests.FinOps;

public sealed class InvoicePricingFixture : AgentServerFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"Secrets:Tenants:{DevelopmentPersonas.Contoso.Id}:test-chat-key"] = "chat-key-0123456789",
    };
}

/// <summary>
/// Prices that match the provider's invoice: each kind of token a real OpenAI-compatible server reports is priced at its
/// own price, prices keep their decimals, and no call is rounded away, in the events, the API, the export and the pages.
/// </summary>
public sealed class InvoicePricingTests(InvoicePricingFixture fixture) : PortalComponentTest<InvoicePricingFixture>(fixture, "diego", "es-ES")
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");

    /// <summary>A chat completion as OpenAI writes it, with the usage details the invoice is made from.</summary>
    private static Answer Completion(int prompt, int completion, int cached = 0, int reasoning = 0) => new(200, $$"""
        {"id":"c1","object":"chat.completion","created":1,"model":"m",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Hecho"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":{{prompt}},"completion_tokens":{{completion}},"total_tokens":{{prompt + completion}},
                  "prompt_tokens_details":{"cached_tokens":{{cached}},"audio_tokens":0},
                  "completion_tokens_details":{"reasoning_tokens":{{reasoning}},"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0} } }
        """);

    /// <summary>Routes the agent to the test server's chat endpoint as <paramref name="model"/>, makes one call and returns what it was charged.</summary>
    private async Task<CostRecorded> ChatCallAsync(string agentId, string model, Answer answer)
    {
        Fixture.Agents.Script("chat", answer);
        await Fixture.RouteAsync(Ana.TenantId, agentId, agent => agent with
        {
            Route = AgentRoute.Chat, Model = model,
            Chat = new ChatSettings { Endpoint = Fixture.Agents.BaseUrl + "/v1/", Deployment = model, ApiKeySecret = "test-chat-key" },
        });
        var id = await Fixture.RequestWithoutJobAsync(Ana, agentId, "legal");
        return Assert.Single((await Fixture.DispatchAsync(Ana.TenantId, id)).OfType<CostRecorded>());
    }

    private async Task<decimal> RecordedAsync()
    {
        await using var session = Fixture.Store.QuerySession(Ana.TenantId);
        return (await session.Events.QueryRawEventDataOnly<CostRecorded>().ToListAsync()).Sum(c => c.CostEur);
    }

    [Fact]
    public async Task Cached_and_reasoning_tokens_a_chat_server_reports_are_priced_as_the_invoice_prices_them()
    {
        var today = await Fixture.Service<FinOpsSettingsStore>().TodayAsync(Ana.TenantId);
        var diego = await Fixture.Portal.ClientForAsync("diego");
        var added = await diego.PostAsJsonAsync("/api/v1/prices", new
        {
            key = "o3-mini", kind = "tokens", inputPer1K = 0.0011m, cachedInputPer1K = 0.00055m, outputPer1K = 0.0044m, reasoningPer1K = 0.005m,
            effectiveFrom = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        // gpt-4o at the seeded list price per thousand: 0.0023 input, 0.00115 cached input, 0.0092 output.
        var cached = await ChatCallAsync("neura-8", "gpt-4o", Completion(prompt: 2_000, completion: 300, cached: 1_536));
        var reasoned = await ChatCallAsync("neura-9", "o3-mini", Completion(prompt: 1_000, completion: 2_500, reasoning: 2_000));

        // 464 × 0.0023 + 1,536 × 0.00115 + 300 × 0.0092 = 1.0672 + 1.7664 + 2.76 = 5.5936 per thousand
        // (with the cached tokens at the full input price it was 7.36, 32 % more than the invoice).
        Assert.Equal((2_000, 1_536, 300, 0, 0.0055936m), (cached.InputTokens, cached.CachedInputTokens, cached.OutputTokens, cached.ReasoningTokens, cached.CostEur));
        // 1,000 × 0.0011 + 500 × 0.0044 + 2,000 × 0.005 = 1.1 + 2.2 + 10 = 13.3 per thousand.
        Assert.Equal((1_000, 0, 2_500, 2_000, 0.0133m), (reasoned.InputTokens, reasoned.CachedInputTokens, reasoned.OutputTokens, reasoned.ReasoningTokens, reasoned.CostEur));
    }

    [Fact]
    public async Task Calls_of_four_tokens_cost_more_than_nothing_and_the_dashboard_api_and_export_total_the_exact_sum_of_recorded_costs()
    {
        var tiny = new List<CostRecorded>();
        for (var call = 0; call < 3; call++) tiny.Add(await ChatCallAsync("neura-10", "gpt-4o-mini", Completion(prompt: 3, completion: 1)));
        var recorded = await RecordedAsync();
        var today = await Fixture.Service<FinOpsSettingsStore>().TodayAsync(Ana.TenantId);
        var range = $"from={new DateOnly(today.Year, today.Month, 1):yyyy-MM-dd}&to={today:yyyy-MM-dd}";

        var api = await (await Fixture.Portal.ClientForAsync("carmen")).GetFromJsonAsync<SpendSummary>($"/api/v1/costs?{range}", PortalFactory.Json);
        var csv = await (await Fixture.Portal.BrowserForAsync("carmen", "es-ES")).GetStringAsync($"/finance/export.csv?{range}");
        var dashboard = Render<FinanceDashboardPage>();

        // 3 × 0.00014 + 1 × 0.00055 = 0.00097 per thousand: each call used to be recorded as 0.0000.
        Assert.All(tiny, cost => Assert.Equal(0.00000097m, cost.CostEur));
        Assert.Equal(recorded, api!.TotalEur);
        var rows = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1);
        Assert.Equal(recorded, rows.Sum(row => decimal.Parse(row.Split(';')[8], new CultureInfo("es-ES"))));
        var total = dashboard.WaitForElement("[data-testid=finance-total]");
        Assert.Equal(recorded, decimal.Parse(total.GetAttribute("data-eur")!, CultureInfo.InvariantCulture));
        Assert.Equal(Formatting.Euros(recorded), total.TextContent.Trim());
    }

    [Fact]
    public async Task An_open_dashboard_adds_a_cost_recorded_after_it_opened_without_being_reloaded()
    {
        var dashboard = Render<FinanceDashboardPage>();
        dashboard.WaitForElement("[data-testid=finance-total]");
        var agent = (await Fixture.Service<AgentCatalog>().ListAsync(Ana.TenantId)).Single(a => a.Id == "cmo-funnel");
        var id = await Fixture.RequestWithoutJobAsync(Ana, agent.Id, agent.Department);

        Assert.Single((await Fixture.DispatchAsync(Ana.TenantId, id)).OfType<CostRecorded>());

        var recorded = await RecordedAsync();
        dashboard.WaitForAssertion(() => Assert.Equal(recorded,
            decimal.Parse(dashboard.Find("[data-testid=finance-total]").GetAttribute("data-eur")!, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_price_of_0_00015_is_kept_as_given_by_the_api_and_by_the_prices_page()
    {
        var diego = await Fixture.Portal.ClientForAsync("diego");
        var posted = await diego.PostAsJsonAsync("/api/v1/prices", new
        {
            key = "gpt-4o-mini-eu", kind = "tokens", inputPer1K = 0.00015m, cachedInputPer1K = 0.000075m, outputPer1K = 0.0006m, effectiveFrom = "2027-03-01",
        });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        using var listed = JsonDocument.Parse(await diego.GetStringAsync("/api/v1/prices"));
        var price = listed.RootElement.EnumerateArray().Single(p => p.GetProperty("key").GetString() == "gpt-4o-mini-eu");
        Assert.Equal(("0.00015", "0.000075", "0.0006", "null"), (price.GetProperty("inputPer1K").GetRawText(), price.GetProperty("cachedInputPer1K").GetRawText(),
            price.GetProperty("outputPer1K").GetRawText(), price.GetProperty("reasoningPer1K").GetRawText()));

        var page = Render<PricesPage>();
        var row = page.WaitForElements("[data-testid=price-row]").Single(r => r.TextContent.Contains("gpt-4o-mini-eu"));
        Assert.Equal(("0,00015 €", "0,000075 €", "0,0006 €", "como la salida"),
            (Text(row, "price-input"), Text(row, "price-cached-input"), Text(row, "price-output"), Text(row, "price-reasoning")));

        Field(page, "price-key-field").Change("o4-mini-eu");
        Field(page, "price-input-field").Change("0,00015");
        Field(page, "price-cached-input-field").Change("0,0000375");
        Field(page, "price-output-field").Change("0,0006");
        Field(page, "price-reasoning-field").Change("0,00061");
        page.Find("[data-testid=price-add]").Click();

        var added = await Eventually.Until(async () => (await Fixture.Service<PriceTable>().RulesAsync(Ana.TenantId)).FirstOrDefault(r => r.Key == "o4-mini-eu"),
            rule => rule is not null, "the price added on the page");
        Assert.Equal((0.00015m, 0.0000375m, 0.0006m, 0.00061m), (added!.InputPer1K, added.CachedInputPer1K, added.OutputPer1K, added.ReasoningPer1K));
    }

    private static string Text(AngleSharp.Dom.IElement row, string testId) =>
        row.QuerySelector($"[data-testid={testId}]")!.TextContent.Replace('\u00A0', ' ').Trim();

    private static AngleSharp.Dom.IElement Field(IRenderedComponent<PricesPage> page, string testId) =>
        page.Find($"input[data-testid={testId}], [data-testid={testId}] input");

    [Fact]
    public async Task Spend_tables_of_an_earlier_version_that_kept_four_decimals_are_widened_at_start_so_no_cost_is_rounded_in_a_sum()
    {
        var database = Fixture.Service<NpgsqlDataSource>();
        string[] tables = [SpendProjection.Detail, SpendProjection.Agents, SpendProjection.MonthlyUsers];
        foreach (var table in tables)
        {
            await using var narrow = database.CreateCommand($"alter table {table} alter column cost_eur type numeric(18,4)");
            await narrow.ExecuteNonQueryAsync();
        }

        await Fixture.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        await using var scales = database.CreateCommand("""
            select table_schema || '.' || table_name, numeric_scale from information_schema.columns
            where table_schema || '.' || table_name = any(@tables) and column_name = 'cost_eur' order by 1
            """);
        scales.Parameters.AddWithValue("tables", tables);
        await using var reader = await scales.ExecuteReaderAsync();
        var found = new List<(string Table, int? Scale)>();
        while (await reader.ReadAsync()) found.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt32(1)));
        Assert.Equal(tables.Order().Select(table => (table, (int?)null)), found);
    }

    [Fact]
    public async Task A_simulated_agent_is_priced_by_its_model_at_its_estimated_tokens_as_the_agents_page_of_the_docs_says()
    {
        const string input = "Analiza el embudo de ventas de este trimestre";
        var agent = (await Fixture.Service<AgentCatalog>().ListAsync(Ana.TenantId)).Single(a => a.Id == "cmo-funnel");
        var id = await Fixture.RequestWithoutJobAsync(Ana, agent.Id, agent.Department, input: input);

        var cost = Assert.Single((await Fixture.DispatchAsync(Ana.TenantId, id)).OfType<CostRecorded>());

        Assert.Equal((AgentRoute.Simulator, "gpt-4o-mini"), (agent.Route, agent.Model));
        var usage = new TokenUsage(TokenEstimate.Of(input), new SimulatorOptions().OutputTokens);
        var price = PriceTable.Defaults.Single(p => p.Key == agent.Model);
        Assert.Equal(("gpt-4o-mini", usage.Input, usage.Output, price.CostOf(usage)), (cost.Model, cost.InputTokens, cost.OutputTokens, cost.CostEur));
        var documented = File.ReadLines(Path.Combine(Repository.Root, "docs", "agents.md")).Single(line => line.StartsWith("| `simulator` |", StringComparison.Ordinal));
        Assert.Contains("the agent's `Model` token price", documented);
    }
}
