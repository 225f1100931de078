using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>Costs, spend projections, budgets that bite and prices that change from a day on, on a real database.</summary>
public sealed class SpendAndBudgetTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly PortalUser Diego = PortalFixture.User("diego");

    private Task<DateOnly> TodayAsync(string tenantId) => fixture.Service<FinOpsSettingsStore>().TodayAsync(tenantId);

    private async Task<ExecutionView> CompletedAsync(PortalUser user, string agentId, string input = "Resumen de ventas")
    {
        var launched = Assert.IsType<LaunchResult.Launched>(await fixture.Service<ExecutionLauncher>().LaunchAsync(user, agentId, input));
        return await Eventually.Until(async () =>
        {
            await using var session = fixture.Store.QuerySession(user.TenantId);
            return (await session.LoadAsync<ExecutionView>(launched.ExecutionId))!;
        }, view => view.Status == ExecutionStatus.Completed, $"{agentId} to complete");
    }

    private async Task SetBudgetAsync(string scope, decimal limit, BudgetAtLimit atLimit)
    {
        var settings = fixture.Service<FinOpsSettingsStore>();
        var budget = await settings.BudgetAsync(Diego.TenantId, scope);
        budget.LimitEur = limit;
        budget.AtLimit = atLimit;
        Assert.True(await settings.SaveBudgetAsync(Diego.TenantId, budget, Diego));
    }

    [Fact]
    public async Task The_dashboard_totals_equal_the_sum_of_recorded_costs_and_a_tenant_sees_only_its_own()
    {
        await CompletedAsync(Ana, "neura-1");
        await CompletedAsync(Ana, "cmo-funnel");
        await CompletedAsync(PortalFixture.User("elena"), "neura-6");
        var today = await TodayAsync(Ana.TenantId);

        var contoso = await fixture.Service<SpendQueries>().SummaryAsync(Ana.TenantId, new SpendFilter(today.AddDays(-1), today.AddDays(1)), today);
        var fabrikam = await fixture.Service<SpendQueries>().SummaryAsync(PortalFixture.User("elena").TenantId, new SpendFilter(today.AddDays(-1), today.AddDays(1)), today);

        async Task<decimal> RecordedAsync(string tenantId)
        {
            await using var session = fixture.Store.QuerySession(tenantId);
            return (await session.Events.QueryRawEventDataOnly<CostRecorded>().ToListAsync()).Sum(c => c.CostEur);
        }
        Assert.Equal(await RecordedAsync(Ana.TenantId), contoso.TotalEur);
        Assert.Equal(await RecordedAsync(PortalFixture.User("elena").TenantId), fabrikam.TotalEur);
        Assert.True(contoso.TotalEur > 0 && fabrikam.TotalEur > 0);
        Assert.Equal(contoso.TotalEur, contoso.ByDepartment.Sum(d => d.CostEur));
        Assert.Equal(contoso.TotalEur, contoso.ByUser.Sum(u => u.CostEur));
        Assert.DoesNotContain(fabrikam.ByUser, u => u.Label == "Ana García");
        Assert.Contains(contoso.ByModel, m => m.Key == "gpt-4o-mini");
    }

    [Fact]
    public async Task A_spent_budget_whose_policy_blocks_refuses_the_next_launch_with_the_reason_and_stores_nothing()
    {
        await CompletedAsync(Ana, "neura-11");
        await SetBudgetAsync("support", 0.0001m, BudgetAtLimit.Block);
        async Task<int> StoredAsync()
        {
            await using var session = fixture.Store.QuerySession(Ana.TenantId);
            return await session.Query<ExecutionView>().CountAsync(v => v.Department == "support");
        }
        var before = await StoredAsync();

        var refused = await fixture.Service<ExecutionLauncher>().LaunchAsync(Ana, "neura-11", "Otra respuesta a un cliente");
        var client = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Get("ana"));
        var api = await client.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-11", input = "Otra respuesta" });
        using var invoke = new HttpRequestMessage(HttpMethod.Post, "/api/invoke/neura-11")
        {
            Content = JsonContent.Create(new { input = "Otra respuesta" }),
            Headers = { { "X-Route", "webhook" }, { "X-Correlation-Id", "budget-spent-1" } },
        };
        var gateway = await client.SendAsync(invoke);

        var rejected = Assert.IsType<LaunchResult.Rejected>(refused);
        Assert.Equal([LaunchError.BudgetExhausted], rejected.Errors);
        Assert.Equal(("support", 0.0001m), (rejected.Budget?.Scope, rejected.Budget?.LimitEur));
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        var detail = (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("'support' department's budget", detail);
        // Ana may not read budgets: she learns which one stops her, not its spend or limit.
        Assert.DoesNotContain("EUR", detail);
        // The original gateway refuses it the same way: a spent budget is a refusal, not a mistake in the request.
        Assert.Equal(HttpStatusCode.Forbidden, gateway.StatusCode);
        Assert.Contains("'support' department's budget", (await gateway.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task A_spent_budget_whose_policy_asks_for_approval_holds_the_next_request_for_a_person_with_the_budget_as_reason()
    {
        await CompletedAsync(Ana, "neura-7");
        await SetBudgetAsync("cto", 0.0001m, BudgetAtLimit.RequireApproval);

        var launched = Assert.IsType<LaunchResult.Launched>(await fixture.Service<ExecutionLauncher>().LaunchAsync(Ana, "neura-7", "Plan de guardias"));

        await using var session = fixture.Store.QuerySession(Ana.TenantId);
        var view = (await session.LoadAsync<ExecutionView>(launched.ExecutionId))!;
        Assert.Equal(ExecutionStatus.AwaitingApproval, view.Status);
        Assert.Contains(view.RiskReasons, r => r is { Rule: RiskRule.BudgetLeft, Level: RiskLevel.High, Subject: "cto" });
    }

    [Fact]
    public async Task A_new_price_applies_from_its_day_on_and_never_changes_a_cost_already_recorded()
    {
        var before = await CompletedAsync(Ana, "cdo-lineage");
        var today = await TodayAsync(Ana.TenantId);
        var prices = fixture.Service<PriceTable>();
        await prices.AddAsync(Ana.TenantId, new PriceRule("gpt-4o-mini", PriceKind.Tokens, 0.014m, 0.055m, 0m, today.AddDays(1)), Diego);
        var tomorrowsPriceIgnored = await CompletedAsync(Ana, "cdo-lineage");
        await prices.AddAsync(Ana.TenantId, new PriceRule("gpt-4o-mini", PriceKind.Tokens, 0.014m, 0.055m, 0m, today), Diego);

        var after = await CompletedAsync(Ana, "cdo-lineage");

        Assert.Equal(before.CostEur, tomorrowsPriceIgnored.CostEur);
        Assert.Equal(before.CostEur * 100, after.CostEur);
        await using var session = fixture.Store.QuerySession(Ana.TenantId);
        Assert.Equal(before.CostEur, (await session.LoadAsync<ExecutionView>(before.Id))!.CostEur);
    }

    [Theory]
    [InlineData("es-ES", ';', ",")]
    [InlineData("en-GB", ',', ".")]
    public async Task The_export_has_exactly_the_rows_the_dashboard_sums_with_the_readers_separator_and_decimal_mark(string culture, char separator, string decimalMark)
    {
        await CompletedAsync(Ana, "neura-5");
        var today = await TodayAsync(Ana.TenantId);
        var browser = await fixture.Portal.BrowserForAsync("carmen", culture);

        var csv = await browser.GetStringAsync($"/finance/export.csv?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}");

        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var rows = lines.Skip(1).Select(l => l.Split(separator)).ToList();
        Assert.All(rows, r => Assert.Equal(10, r.Length));
        var total = rows.Sum(r => decimal.Parse(r[8], NumberStyles.Number, new NumberFormatInfo { NumberDecimalSeparator = decimalMark }));
        var summary = await fixture.Service<SpendQueries>().SummaryAsync(Ana.TenantId, new SpendFilter(today.AddDays(-1), today.AddDays(1)), today);
        Assert.Equal(summary.TotalEur, total);
        Assert.Contains(decimalMark, rows[0][8]);
    }

    [Fact]
    public async Task Costs_and_budgets_answer_in_the_api_with_problem_details_for_bad_filters_and_roles()
    {
        var carmen = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Get("carmen"));
        var diego = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Get("diego"));
        var ana = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Get("ana"));
        var today = await TodayAsync(Ana.TenantId);

        var costs = await carmen.GetAsync($"/api/v1/costs?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        var badRange = await carmen.GetAsync("/api/v1/costs?from=2026-05-01&to=2026-04-01");
        var badDate = await carmen.GetAsync("/api/v1/costs?from=yesterday&to=2026-04-01");
        var budgets = await diego.GetFromJsonAsync<JsonElement>("/api/v1/budgets");
        var badBudget = await diego.PutAsJsonAsync("/api/v1/budgets/legal", new { limitEur = -1, thresholdsPercent = new[] { 80, 80 }, atLimit = "block", version = 0 });
        var badPolicy = await diego.PutAsJsonAsync("/api/v1/budgets/legal", new { limitEur = 50, thresholdsPercent = new[] { 80 }, atLimit = "7", version = 0 });
        var unknownScope = await diego.PutAsJsonAsync("/api/v1/budgets/marketing", new { limitEur = 50, thresholdsPercent = new[] { 80 }, atLimit = "block", version = 0 });
        var saved = await diego.PutAsJsonAsync("/api/v1/budgets/legal", new { limitEur = 250, thresholdsPercent = new[] { 90, 50 }, atLimit = "requireApproval", version = 0 });
        var stale = await diego.PutAsJsonAsync("/api/v1/budgets/legal", new { limitEur = 300, thresholdsPercent = new[] { 50 }, atLimit = "block", version = 0 });
        var badPrice = await diego.PostAsJsonAsync("/api/v1/prices", new { key = "gpt-4o", kind = "7", inputPer1K = 1, outputPer1K = 1, perCallEur = 0, effectiveFrom = "2027-01-01" });

        Assert.Equal(HttpStatusCode.OK, costs.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRange.StatusCode);
        Assert.True((await badDate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("from", out _));
        Assert.Equal(12, budgets.GetArrayLength());
        Assert.Equal(["limitEur", "thresholdsPercent"], (await badBudget.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(HttpStatusCode.BadRequest, badPolicy.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownScope.StatusCode);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal([50, 90], (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("thresholdsPercent").EnumerateArray().Select(t => t.GetInt32()));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPrice.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ana.GetAsync($"/api/v1/costs?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ana.GetAsync("/api/v1/budgets")).StatusCode);
    }

    [Theory]
    [InlineData(0.0000000000000000000000000001)]
    [InlineData(0.009)]
    [InlineData(10_000_000.01)]
    public async Task A_budget_limit_below_a_cent_or_above_ten_million_euros_is_refused_and_nothing_changes(double limit)
    {
        var diego = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Get("diego"));
        var before = await diego.GetStringAsync("/api/v1/budgets");

        var response = await diego.PutAsJsonAsync("/api/v1/budgets/research", new { limitEur = (decimal)limit, thresholdsPercent = new[] { 80 }, atLimit = "block", version = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["limitEur"], (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(before, await diego.GetStringAsync("/api/v1/budgets"));
    }

    [Fact]
    public async Task A_second_price_for_the_same_key_and_day_is_refused_with_409_even_when_both_arrive_at_once()
    {
        var diego = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Get("diego"));
        var price = new { key = "claude-x", kind = "tokens", inputPer1K = 0.003m, outputPer1K = 0.015m, perCallEur = 0m, effectiveFrom = "2027-03-01" };

        var first = await diego.PostAsJsonAsync("/api/v1/prices", price);
        var second = await diego.PostAsJsonAsync("/api/v1/prices", price with { inputPer1K = 0.004m });
        var table = fixture.Service<PriceTable>();
        var racing = new PriceRule("claude-y", PriceKind.PerCall, 0m, 0m, 0.01m, new DateOnly(2027, 3, 1));
        var raced = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => table.AddAsync(Diego.TenantId, racing, Diego))));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.Single(raced, added => added);
        var rules = await table.RulesAsync(Diego.TenantId);
        Assert.Equal(0.003m, Assert.Single(rules, r => r.Key == "claude-x").InputPer1K);
        Assert.Single(rules, r => r.Key == "claude-y");
    }

    [Fact]
    public async Task A_plain_user_evaluating_a_request_learns_that_a_budget_is_spent_but_not_its_figures_which_finance_still_sees()
    {
        await CompletedAsync(Ana, "neura-9");
        var department = (await fixture.Service<AgentCatalog>().FindAsync(Ana.TenantId, "neura-9"))!.Department;
        await SetBudgetAsync(department, 0.0001m, BudgetAtLimit.RequireApproval);
        var request = new { agentId = "neura-9", input = "Prepara el informe" };

        var plain = await (await fixture.Portal.ClientForAsync(DevelopmentPersonas.Get("ana"))).PostAsJsonAsync("/api/v1/risk/evaluate", request);
        var finance = await (await fixture.Portal.ClientForAsync(DevelopmentPersonas.Get("carmen"))).PostAsJsonAsync("/api/v1/risk/evaluate", request);

        var seenByAna = await plain.Content.ReadFromJsonAsync<JsonElement>();
        var budgetReason = seenByAna.GetProperty("reasons").EnumerateArray().Single(r => r.GetProperty("rule").GetString() == "BudgetLeft");
        Assert.Equal((department, JsonValueKind.Null, JsonValueKind.Null),
            (budgetReason.GetProperty("subject").GetString(), budgetReason.GetProperty("amount").ValueKind, budgetReason.GetProperty("limit").ValueKind));
        Assert.Equal("High", seenByAna.GetProperty("risk").GetString());
        Assert.True(seenByAna.GetProperty("approvalsRequired").GetInt32() > 0);
        Assert.DoesNotContain("0.0001", await plain.Content.ReadAsStringAsync());
        var seenByCarmen = (await finance.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reasons").EnumerateArray().Single(r => r.GetProperty("rule").GetString() == "BudgetLeft");
        Assert.Equal(0.0001m, seenByCarmen.GetProperty("limit").GetDecimal());
    }
}
