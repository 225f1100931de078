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
/// the reader's language where finance lands, in Spanish on a phone and in English on a desktop, with the clicks counted;
/// one click on, the dashboard's comparison with the period before, cost per person, unusual spend and help.
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

    /// <summary>
    /// Seven calls of a lead (about 0.0017 EUR each) spend more than a cent, the smallest limit a budget takes, and the
    /// company's budget is set to it; once per portal, whichever case runs first (the second would wait for approval).
    /// </summary>
    private async Task CompanyBudgetReachedAsync()
    {
        var diego = await portal.NodeA.ApiClientAsync("diego");
        var tenant = (await diego.GetFromJsonAsync<JsonElement>("/api/v1/budgets"))!.EnumerateArray().Single(b => b.GetProperty("scope").GetString() == "tenant");
        if (tenant.GetProperty("limitEur").GetDecimal() == 0.01m) return;
        await RunAsync("ana", "neura-10", 7);
        (await diego.PutAsJsonAsync("/api/v1/budgets/tenant", new
        {
            limitEur = 0.01m, thresholdsPercent = new[] { 100 }, atLimit = "requireApproval", version = tenant.GetProperty("version").GetInt64(),
        })).EnsureSuccessStatusCode();
    }

    [Theory]
    [MemberData(nameof(Readers.Both), MemberType = typeof(Readers))]
    public async Task Finance_reads_whether_and_when_the_company_budget_is_reached_where_they_land_and_what_lies_behind_it_one_click_on(string locale,
        int width)
    {
        await CompanyBudgetReachedAsync();
        var page = await portal.SignedInPageAsync(portal.NodeA, "carmen", width, timeZone: "Europe/Madrid", locale: locale);
        await PortalCluster.WaitForCircuitAsync(page);
        var culture = CultureInfo.GetCultureInfo(Readers.Say(locale, "es-ES", "en-GB"));
        // Reached today (Madrid's today), said in the reader's language beside the limit.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Madrid).DateTime).ToString("M", culture);

        // The answer is on the home page finance lands on: the company's budget is reached (a budget still within says the day
        // it will be, at this month's pace).
        await Expect(page.GetByTestId("home-spend").GetByTestId("budget-tenant").GetByTestId("budget-outlook"))
            .ToHaveTextAsync(Readers.Say(locale, "Límite alcanzado", "Limit reached"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), $"finance-question-home-{locale}-{width}.png"), FullPage = true });

        // One click on, the dashboard says it where the month-end forecast is, and shows what lies behind it.
        await page.GetByTestId("home-spend").GetByTestId("home-spend-more").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/finance", StringComparison.Ordinal));
        await PortalCluster.WaitForCircuitAsync(page);
        var outlook = page.GetByTestId("finance-limit-outlook");
        await Expect(outlook).ToHaveAttributeAsync("data-outlook", "Reached");
        await Expect(outlook).ToContainTextAsync(Readers.Say(locale, $"Límite alcanzado el {today}", $"Limit reached on {today}"));
        await Expect(outlook).ToContainTextAsync(Readers.Say(locale, "Límite 0,01", "Limit €0.01"));
        await Expect(page.GetByTestId("budget-tenant").GetByTestId("budget-outlook")).ToContainTextAsync(Readers.Say(locale, "Límite alcanzado", "Limit reached"));
        output.WriteLine($"{locale}, {width} px: clicks from landing to the answer 0 (reached, on the home page); to the day it was reached 1 " +
                         "(before: the Finance link, where the month-end forecast gave no date).");

        // Each department beside the period before, cost per person month by month, and what is unusual today.
        await Expect(page.GetByTestId("finance-by-department").Locator("caption"))
            .ToContainTextAsync(Readers.Say(locale, "Comparado con el periodo anterior", "Compared with the period before"));
        await Expect(page.GetByTestId("finance-by-department").GetByTestId("spend-change").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("finance-per-person").GetByTestId("per-person-month").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("finance-unusual-none")).ToHaveTextAsync(Readers.Say(locale, "Nada fuera de lo habitual hoy.", "Nothing out of the ordinary today."));

        // How the figures are computed, in the reader's language, where they are.
        await page.GetByTestId("finance-help-toggle").ClickAsync();
        await Expect(page.GetByTestId("finance-help-body")).ToContainTextAsync(Readers.Say(locale, "Costes:", "Costs:"));

        // The figures behind the charts are reachable by keyboard: the daily values take the focus, and a preset is a button.
        await page.GetByTestId("finance-daily-values").FocusAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement?.dataset.testid === 'finance-daily-values'"));
        await page.GetByTestId("finance-preset-LastMonth").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("finance-preset-LastMonth")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.GetByTestId("finance-preset-ThisMonth").ClickAsync();
        await Expect(page.GetByTestId("finance-preset-ThisMonth")).ToHaveAttributeAsync("aria-pressed", "true");

#pragma warning disable CS0618 // the legacy run works in the page itself, as in AccessibilityTests
        var axe = await page.Locator("html").RunAxeLegacy(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
#pragma warning restore CS0618
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical")
            .SelectMany(v => v.Nodes.Select(n => $"{v.Id} at {n.Target} ({locale}, {width} px): {v.Help}")).ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= width, $"the page scrolls sideways at {width} px");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), $"finance-question-{locale}-{width}.png"), FullPage = true });
        await page.Context.CloseAsync();
    }
}
