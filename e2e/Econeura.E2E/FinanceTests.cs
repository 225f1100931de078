using Econeura.Testing;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>Finance's workplace in a real browser: the dashboard and its export, alerts arriving live, a spent budget refusing a launch.</summary>
public sealed class FinanceTests(PortalCluster cluster) : IClassFixture<PortalCluster>
{
    private async Task RunAsync(string persona, string agentId, int count)
    {
        var client = await cluster.NodeA.ApiClientAsync(persona);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var launched = await client.PostAsJsonAsync("/api/v1/executions", new { agentId, input = $"Análisis {i}" });
            launched.EnsureSuccessStatusCode();
            ids.Add((await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }
        foreach (var id in ids)
            await Eventually.Until(() => client.GetFromJsonAsync<JsonElement>($"/api/v1/executions/{id}"),
                execution => execution.GetProperty("status").GetString() == "Completed", $"execution {id} to complete");
    }

    private async Task SetBudgetAsync(string scope, decimal limit, string atLimit, int[]? thresholdsPercent = null)
    {
        var diego = await cluster.NodeA.ApiClientAsync("diego");
        var budgets = await diego.GetFromJsonAsync<JsonElement>("/api/v1/budgets");
        var version = budgets.EnumerateArray().Single(b => b.GetProperty("scope").GetString() == scope).GetProperty("version").GetInt64();
        (await diego.PutAsJsonAsync($"/api/v1/budgets/{scope}", new { limitEur = limit, thresholdsPercent = thresholdsPercent ?? [50, 80, 100], atLimit, version }))
            .EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_finance_user_filters_the_dashboard_by_department_and_the_exported_csv_adds_up_to_the_total_on_screen()
    {
        await RunAsync("carmen", "cfo-variance", 3);
        await RunAsync("carmen", "neura-1", 2);
        var page = await cluster.SignedInPageAsync(cluster.NodeB, "carmen");
        await page.GotoAsync("/finance");
        await PortalCluster.WaitForCircuitAsync(page);
        var everything = await page.GetByTestId("finance-total").GetAttributeAsync("data-eur");

        await page.GetByTestId("finance-department").SelectOptionAsync("cfo");
        await Expect(page.GetByTestId("finance-total")).Not.ToHaveAttributeAsync("data-eur", everything!);
        await Expect(page.GetByTestId("finance-by-department")).ToContainTextAsync("Finanzas (CFO)");
        var onScreen = decimal.Parse((await page.GetByTestId("finance-total").GetAttributeAsync("data-eur"))!, CultureInfo.InvariantCulture);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), "finance-dashboard.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("finance-export").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);

        var rows = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Select(l => l.Split(';')).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("cfo", r[1]));
        Assert.Equal(onScreen, rows.Sum(r => decimal.Parse(r[8], CultureInfo.GetCultureInfo("es-ES"))));
        Assert.True(onScreen > 0);
    }

    [Fact]
    public async Task Dates_typed_at_normal_speed_are_the_dates_typed_and_a_range_too_long_is_refused_in_the_form_not_by_a_raw_error_page()
    {
        var page = await cluster.SignedInPageAsync(cluster.NodeA, "carmen", timeZone: "Europe/Madrid");
        await page.GotoAsync("/finance");
        await PortalCluster.WaitForCircuitAsync(page);
        var from = page.GetByTestId("finance-from");
        var to = page.GetByTestId("finance-to");

        // A person types a date into the field, a key every tenth of a second (day and month alike: the field's order is
        // the browser's, day first in a Spanish Chrome, month first in this headless one).
        await from.ClickAsync(new() { Position = new() { X = 8, Y = 8 } });
        await from.PressSequentiallyAsync("03032026", new() { Delay = 100 });
        await to.ClickAsync(new() { Position = new() { X = 8, Y = 8 } });
        await to.PressSequentiallyAsync("06062026", new() { Delay = 100 });

        await Expect(from).ToHaveValueAsync("2026-03-03");
        await Expect(to).ToHaveValueAsync("2026-06-06");
        await Expect(page.GetByTestId("finance-filter-error")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("finance-export")).ToHaveAttributeAsync("href", new Regex("from=2026-03-03&to=2026-06-06"));

        await from.ClickAsync(new() { Position = new() { X = 8, Y = 8 } });
        await from.PressSequentiallyAsync("01012024", new() { Delay = 100 });

        await Expect(from).ToHaveValueAsync("2024-01-01");
        await Expect(page.GetByTestId("finance-filter-error")).ToHaveTextAsync("Elige un periodo que acabe después de empezar, de 400 días como máximo.");
        await Expect(page.GetByTestId("finance-export")).ToBeDisabledAsync();
        await page.GetByTestId("finance-export").ClickAsync(new() { Force = true });
        Assert.EndsWith("/finance", page.Url);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Gasto");
    }

    [Fact]
    public async Task A_budget_alert_appears_live_in_the_bell_of_an_open_page()
    {
        var page = await cluster.SignedInPageAsync(cluster.NodeB, "carmen");
        await page.GotoAsync("/finance");
        await PortalCluster.WaitForCircuitAsync(page);
        await page.EvaluateAsync("() => window.econeuraNotReloaded = true");
        var before = int.Parse((await page.GetByTestId("alerts-bell").GetAttributeAsync("data-count"))!, CultureInfo.InvariantCulture);

        // The smallest limit a budget takes is a cent; one call of a lead (about 0.0017 EUR) passes thresholds this low.
        await SetBudgetAsync("research", 0.01m, "requireApproval", [5, 10, 15]);
        await RunAsync("ana", "neura-10", 1);

        // At least the three of research: the periodic budget check (every five minutes) may raise another scope's meanwhile.
        await page.WaitForFunctionAsync("n => +document.querySelector('[data-testid=alerts-bell]').dataset.count >= n", before + 3, new() { Timeout = 15_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.econeuraNotReloaded === true"), "the page reloaded");
        await page.GetByTestId("alerts-bell").ClickAsync();
        await page.WaitForURLAsync(new Regex("/finance/alerts$"));
        await Expect(page.Locator("[data-testid=alert-row][data-scope=research]")).ToHaveCountAsync(3);
    }

    [Fact]
    public async Task A_user_whose_department_budget_is_spent_is_told_why_the_launch_is_refused()
    {
        // Seven calls of a lead (about 0.0017 EUR each) spend more than the smallest limit a budget takes, a cent.
        await RunAsync("ana", "neura-11", 7);
        await SetBudgetAsync("support", 0.01m, "block");
        var page = await cluster.SignedInPageAsync(cluster.NodeA, "ana");
        await page.GotoAsync("/agents/neura-11/launch");
        await PortalCluster.WaitForCircuitAsync(page);

        await page.Locator("textarea").FillAsync("Responde al cliente por el retraso");
        await page.GetByTestId("launch-button").ClickAsync();

        var error = page.Locator("[data-testid=launch-error][data-error=BudgetExhausted]");
        await Expect(error).ToContainTextAsync("El presupuesto de Soporte de este mes está agotado");
        await Expect(error).ToContainTextAsync("Pide a Finanzas que lo amplíe");
        Assert.EndsWith("/agents/neura-11/launch", page.Url);
    }
}
