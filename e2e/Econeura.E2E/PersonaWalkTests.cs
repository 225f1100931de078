using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Econeura.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>
/// The demo history (failed runs, budgets, requests waiting) with the simulator answering within a second: a persona's
/// first task runs to its end here, where <see cref="DemoPortal"/> keeps runs going for minutes.
/// </summary>
public sealed class WalkPortal : PortalCluster
{
    protected override bool SingleNode => true;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Econeura__SeedDemoHistory"] = "true" };
}

/// <summary>
/// The first minutes of the four personas (DevelopmentPersonas), recorded: each signs in, lands on the home page and does
/// their first task on a desktop, Spanish and English readers in turn. A numbered screenshot is kept after each step in
/// .local/test-results/e2e/walk/{persona}/, and the clicks each task takes are counted and printed.
/// </summary>
public sealed class PersonaWalkTests(WalkPortal portal, ITestOutputHelper output) : IClassFixture<WalkPortal>
{
    private const int Desktop = 1366;

    /// <summary>One persona's walk: a numbered screenshot after each step, and the clicks the task took.</summary>
    private sealed class Walk(IPage page, string persona, ITestOutputHelper output)
    {
        private readonly string _folder = Repository.Artifacts(Path.Combine("e2e", "walk", persona));
        private int _step;

        public int Clicks { get; private set; }

        public async Task ClickAsync(ILocator target)
        {
            Clicks++;
            await target.ClickAsync();
        }

        public async Task StepAsync(string what)
        {
            var file = Path.Combine(_folder, $"{++_step:00}-{what}.png");
            await page.ScreenshotAsync(new() { Path = file, FullPage = true });
            output.WriteLine($"{persona}, step {_step}: {what} ({Clicks} clicks so far) → {file}");
        }
    }

    private async Task<(IPage Page, Walk Walk)> LandAsync(string persona, string locale)
    {
        var page = await portal.SignedInPageAsync(portal.NodeA, persona, Desktop, timeZone: "Europe/Madrid", locale: locale);
        await PortalCluster.WaitForCircuitAsync(page);
        Assert.Equal($"{portal.NodeA.BaseUrl}/", page.Url);
        await Expect(page.GetByTestId("home")).ToBeVisibleAsync();
        var walk = new Walk(page, persona, output);
        await walk.StepAsync("home");
        return (page, walk);
    }

    [Fact]
    public async Task Staff_launch_a_run_read_its_answer_in_their_language_and_find_it_again_by_its_text()
    {
        const string locale = Readers.Spanish;
        var (page, walk) = await LandAsync("ana", locale);
        const string input = "Resume las ventas del trimestre en Galicia y dime qué destaca";

        await walk.ClickAsync(page.Locator("#navigation a[href='/agents']"));
        await Expect(page).ToHaveURLAsync(new Regex("/agents$"));
        await walk.StepAsync("catalog");
        await walk.ClickAsync(page.GetByTestId("launch-neura-1"));
        await Expect(page).ToHaveURLAsync(new Regex("/agents/neura-1/launch$"));
        await walk.ClickAsync(page.Locator("textarea"));
        await page.Keyboard.TypeAsync(input);
        await Expect(page.GetByTestId("launch-button")).ToHaveAttributeAsync("data-outcome", "Launched");
        await walk.StepAsync("launch-form");
        await walk.ClickAsync(page.GetByTestId("launch-button"));
        await page.WaitForURLAsync(new Regex("/executions/[0-9a-f-]{36}$"));
        var id = page.Url.Split('/')[^1];
        await PortalCluster.WaitForCircuitAsync(page);
        // The simulator speaks as the analytics department would, in the language the request was written in.
        await Expect(page.GetByTestId("execution-status")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("execution-output")).ToContainTextAsync("Análisis: lectura rápida");
        var launched = walk.Clicks;
        await walk.StepAsync("answer");

        await walk.ClickAsync(page.GetByTestId("app-search-input"));
        await page.Keyboard.TypeAsync("ventas Galicia");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(@"/search\?q="));
        var hit = page.GetByTestId("find-runs").Locator($"a[href='/executions/{id}']");
        await Expect(hit).ToBeVisibleAsync();
        await walk.StepAsync("found");
        await walk.ClickAsync(hit);
        await Expect(page).ToHaveURLAsync(new Regex($"/executions/{id}$"));
        await Expect(page.GetByTestId("execution-input")).ToHaveTextAsync(input);
        await walk.StepAsync("found-again");

        output.WriteLine($"CLICKS staff (ana, {locale}, {Desktop} px): launch a run {launched}, find it again by its text {walk.Clicks - launched}, " +
                         $"in all {walk.Clicks}");
        Assert.Equal((4, 6), (launched, walk.Clicks));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_approver_approves_a_low_risk_request_from_the_queue()
    {
        const string locale = Readers.English;
        const string input = "Summarise this week's support tickets by topic";
        await LowRiskRequestAsync(input);
        var (page, walk) = await LandAsync("bruno", locale);
        await Expect(page.GetByTestId("home-approvals").GetByTestId("home-approval").First).ToBeVisibleAsync();

        await walk.ClickAsync(page.GetByTestId("home-approvals-more"));
        await Expect(page).ToHaveURLAsync(new Regex("/approvals$"));
        var row = page.Locator("[data-testid^=approval-row-]").Filter(new() { HasText = input });
        await Expect(row).ToHaveCountAsync(1);
        await walk.StepAsync("queue");
        await walk.ClickAsync(row.GetByTestId("queue-approve"));
        await Expect(page.GetByTestId("decision-confirm")).ToBeVisibleAsync();
        await walk.StepAsync("confirm");
        await walk.ClickAsync(page.GetByTestId("decision-confirm"));
        await Expect(page.GetByTestId("decision-notice")).ToHaveAttributeAsync("data-notice", "approved");
        await Expect(row).ToHaveCountAsync(0);
        await walk.StepAsync("approved");

        output.WriteLine($"CLICKS approver (bruno, {locale}, {Desktop} px): approve a low-risk request from the queue {walk.Clicks}");
        Assert.Equal(3, walk.Clicks);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Ana asks for a low-risk run while low risk needs one approval; the policy is put back at once, so the other walks
    /// (the staff's launch) run as the demo has them.
    /// </summary>
    private async Task LowRiskRequestAsync(string input)
    {
        using var diego = await portal.NodeA.ApiClientAsync("diego");
        using var ana = await portal.NodeA.ApiClientAsync("ana");
        async Task LowRiskApprovalsAsync(int required)
        {
            var risk = (await diego.GetFromJsonAsync<JsonObject>("/api/v1/risk/policy"))!;
            risk["policy"]!["low"]!["approvalsRequired"] = required;
            (await diego.PutAsJsonAsync("/api/v1/risk/policy", risk)).EnsureSuccessStatusCode();
        }
        await LowRiskApprovalsAsync(1);
        try
        {
            (await ana.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input })).EnsureSuccessStatusCode();
        }
        finally
        {
            await LowRiskApprovalsAsync(0);
        }
    }

    [Fact]
    public async Task Finance_answer_whether_and_when_the_budget_is_exceeded_this_month_where_they_land()
    {
        const string locale = Readers.Spanish;
        var (page, walk) = await LandAsync("carmen", locale);

        // The company's budget and every department's, each with whether and when its limit is reached at this month's pace.
        var company = page.GetByTestId("home-spend").GetByTestId("budget-tenant");
        await Expect(company.GetByTestId("budget-outlook")).ToHaveTextAsync(new Regex("^(Límite alcanzado|A este ritmo)"));
        var answer = await company.GetByTestId("budget-outlook").InnerTextAsync();
        var answered = walk.Clicks;

        await walk.ClickAsync(page.GetByTestId("home-spend").GetByTestId("home-spend-more"));
        await page.WaitForURLAsync(url => url.EndsWith("/finance", StringComparison.Ordinal));
        await PortalCluster.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("finance-limit-outlook")).ToBeVisibleAsync();
        await walk.StepAsync("dashboard");

        output.WriteLine($"CLICKS finance (carmen, {locale}, {Desktop} px): will we exceed the budget this month, and when? {answered} " +
                         $"(\"{answer.Trim()}\" on the home page); the dashboard behind it {walk.Clicks}");
        Assert.Equal(0, answered);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_sees_the_failed_and_stuck_runs_and_opens_one()
    {
        const string locale = Readers.English;
        var (page, walk) = await LandAsync("diego", locale);
        var attention = page.GetByTestId("home-attention");
        await Expect(attention.GetByTestId("home-execution").First).ToBeVisibleAsync();
        var seen = walk.Clicks;

        await walk.ClickAsync(attention.GetByTestId("home-execution-link").First);
        await page.WaitForURLAsync(new Regex("/executions/[0-9a-f-]{36}$"));
        await Expect(page.GetByTestId("execution-input")).ToBeVisibleAsync();
        await walk.StepAsync("run");

        output.WriteLine($"CLICKS admin (diego, {locale}, {Desktop} px): see failed and stuck runs {seen} (on the home page), open one {walk.Clicks}");
        Assert.Equal((0, 1), (seen, walk.Clicks));
        await page.Context.CloseAsync();
    }
}
