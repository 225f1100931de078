using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Econeura.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>
/// The question a tester timed on the finance dashboard, "will we exceed the budget this month, and when?", answered in
/// the reader's language from where finance lands, with the clicks it takes counted.
/// </summary>
public sealed class FinanceQuestionTests(OneNodePortal portal, ITestOutputHelper output) : IClassFixture<OneNodePortal>
{
    private static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");

    private async Task RunAsync(string persona, string agentId, int count)
    {
        var client = await portal.NodeA.ApiClientAsync(persona);
        for (var i = 0; i < count; i++)
        {
            var launched = await client.PostAsJsonAsync("/api/v1/executions", new { agentId, input = $"Revisión {i}" });
            launched.EnsureSuccessStatusCode();
            var id = (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            await Eventually.Until(() => client.GetFromJsonAsync<JsonElement>($"/api/v1/executions/{id}"),
                execution => execution.GetProperty("status").GetString() == "Completed", $"execution {id} to complete");
        }
    }

    [Fact]
    public async Task Finance_reads_whether_and_when_the_company_budget_is_reached_one_click_from_landing_in_Spanish_at_1366_px()
    {
        // Seven calls of a lead (about 0.0017 EUR each) spend more than a cent, the smallest limit a budget takes.
        await RunAsync("ana", "neura-10", 7);
        var diego = await portal.NodeA.ApiClientAsync("diego");
        var tenant = (await diego.GetFromJsonAsync<JsonElement>("/api/v1/budgets"))!.EnumerateArray().Single(b => b.GetProperty("scope").GetString() == "tenant");
        (await diego.PutAsJsonAsync("/api/v1/budgets/tenant", new
        {
            limitEur = 0.01m, thresholdsPercent = new[] { 100 }, atLimit = "requireApproval", version = tenant.GetProperty("version").GetInt64(),
        })).EnsureSuccessStatusCode();
        var page = await portal.SignedInPageAsync(portal.NodeA, "carmen", width: 1366, timeZone: "Europe/Madrid");
        await PortalCluster.WaitForCircuitAsync(page);
        var clicks = 0;

        await page.GetByRole(AriaRole.Link, new() { Name = "Finanzas", Exact = true }).ClickAsync();
        clicks++;
        await page.WaitForURLAsync(url => url.EndsWith("/finance", StringComparison.Ordinal));
        await PortalCluster.WaitForCircuitAsync(page);

        // Reached today (Madrid's today), said in Spanish beside the limit, where the month-end forecast is.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Madrid).DateTime);
        var outlook = page.GetByTestId("finance-limit-outlook");
        await Expect(outlook).ToHaveAttributeAsync("data-outlook", "Reached");
        await Expect(outlook).ToContainTextAsync($"Límite alcanzado el {today.ToString("M", CultureInfo.GetCultureInfo("es-ES"))}");
        await Expect(outlook).ToContainTextAsync("Límite 0,01");
        await Expect(page.GetByTestId("budget-tenant").GetByTestId("budget-outlook")).ToContainTextAsync("Límite alcanzado");
        output.WriteLine($"Clicks from landing to the answer: {clicks} (before: the same click showed the month-end forecast and no date).");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), "finance-question-1366.png"), FullPage = true });
        Assert.Equal(1, clicks);

        // The figures behind the charts are reachable by keyboard: the daily values take the focus, and a preset is a button.
        await page.GetByTestId("finance-daily-values").FocusAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement?.dataset.testid === 'finance-daily-values'"));
        await page.GetByTestId("finance-preset-LastMonth").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("finance-preset-LastMonth")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.GetByTestId("finance-preset-ThisMonth").ClickAsync();

        foreach (var width in new[] { 1366, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.ReloadAsync();
            await PortalCluster.WaitForCircuitAsync(page);
            await Expect(page.GetByTestId("finance-limit-outlook")).ToBeVisibleAsync();
#pragma warning disable CS0618 // the legacy run works in the page itself, as in AccessibilityTests
            var axe = await page.Locator("html").RunAxeLegacy(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
#pragma warning restore CS0618
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical")
                .SelectMany(v => v.Nodes.Select(n => $"{v.Id} at {n.Target} ({width} px): {v.Help}")).ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious));
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= width, $"the page scrolls sideways at {width} px");
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), "finance-question-390.png"), FullPage = true });
    }
}
