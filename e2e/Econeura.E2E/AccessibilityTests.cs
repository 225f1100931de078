using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Econeura.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Econeura.E2E;

/// <summary>
/// axe-core on every page, as the persona who may see it, in both languages, on a desktop and a phone, with realistic
/// data; a screenshot of each is kept with the test results.
/// </summary>
[Collection(DemoPortal.Collection)]
public sealed class AccessibilityTests(DemoPortal portal, ITestOutputHelper output)
{
    private static readonly string[] Cultures = ["es-ES", "en-GB"];

    private static readonly int[] Widths = [1366, 390];

    private static readonly string[] Impacts = ["critical", "serious", "moderate", "minor"];

    // Only what fails is reported in full: passes and inapplicable rules would cross to the test for nothing.
    private static readonly AxeRunOptions Violations = new() { ResultTypes = [ResultType.Violations] };

    /// <summary>A page to check: who reads it (null: nobody signed in), a name for the report, and what to do before checking.</summary>
    private sealed record Visit(string? Persona, string Name, string Path, bool Interactive = true, Func<IPage, Task>? Prepare = null);

    /// <summary>Serious and critical violations fail, and so do moderate ones about landmarks, regions and headings.</summary>
    private static bool Fails(AxeResultItem violation) =>
        violation.Impact is "serious" or "critical"
        || (violation.Impact == "moderate" && (violation.Id.StartsWith("landmark", StringComparison.Ordinal) || violation.Id == "region" || violation.Id.Contains("heading", StringComparison.Ordinal)));

    /// <summary>What axe found on one page, for one reader, language and width.</summary>
    private sealed record Finding(Visit Visit, string Culture, int Width, AxeResultItem Violation)
    {
        public string Where => $"{Visit.Name} ({Visit.Path}) as {Visit.Persona ?? "nobody"}, {Culture}, {Width} px";
    }

    [Fact]
    public async Task Every_page_passes_axe_for_its_reader_in_both_languages_on_a_desktop_and_a_phone_and_never_scrolls_sideways()
    {
        var visits = await VisitsAsync();
        var findings = new ConcurrentBag<Finding>();
        var sideways = new ConcurrentBag<string>();

        // Two readers at a time, each in one signed-in context: one browser, both cores busy, the busiest reader first.
        await Parallel.ForEachAsync(visits.GroupBy(v => v.Persona).OrderByDescending(g => g.Count()), new ParallelOptions { MaxDegreeOfParallelism = 2 },
            async (reader, _) => await CheckAsync(reader.Key, [.. reader], findings, sideways));

        var report = Report(visits, findings);
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(Repository.Artifacts("e2e"), "axe-report.md"), report);
        var failures = findings.Where(f => Fails(f.Violation))
            .SelectMany(f => f.Violation.Nodes.Take(3).Select(node => $"{f.Violation.Id} [{f.Violation.Impact}] at {node.Target} on {f.Where}: {f.Violation.Help}"))
            .ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} axe violations:\n{string.Join('\n', failures)}");
        Assert.Empty(sideways);
    }

    private async Task CheckAsync(string? persona, IReadOnlyList<Visit> visits, ConcurrentBag<Finding> findings, ConcurrentBag<string> sideways)
    {
        var context = persona is null
            ? await portal.Browser.NewContextAsync(new() { BaseURL = portal.NodeA.BaseUrl })
            : await portal.SignedInContextAsync(portal.NodeA, persona);
        var page = await context.NewPageAsync();
        var screenshots = Repository.Artifacts(Path.Combine("e2e", "pages"));
        foreach (var width in Widths)
        {
            // Every visit loads its page afresh, so the layout is the one this width gets on arrival.
            await page.SetViewportSizeAsync(width, 900);
            foreach (var culture in Cultures)
                for (var i = 0; i < visits.Count; i++)
                {
                    var visit = visits[i];
                    // The language is chosen as a person chooses it, on the way to the first page.
                    await page.GotoAsync(i == 0 ? $"/culture/{culture}?returnUrl={Uri.EscapeDataString(visit.Path)}" : visit.Path);
                    if (visit.Interactive) await PortalCluster.WaitForCircuitAsync(page);
                    if (visit.Prepare is not null) await visit.Prepare(page);
                    foreach (var violation in (await AxeAsync(page)).Violations) findings.Add(new(visit, culture, width, violation));
                    if (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") is var wide && wide > width)
                        sideways.Add($"{visit.Name} ({visit.Path}), {culture}, is {wide} px wide at {width} px");
                    await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, $"{visit.Name}-{culture}-{width}.png"), FullPage = true });
                }
        }
        await context.CloseAsync();
    }

    // The legacy run works in the page itself; the current one opens a blank page for every check, which tripled the test's time.
#pragma warning disable CS0618
    private static Task<AxeResult> AxeAsync(IPage page) => page.Locator("html").RunAxeLegacy(Violations);
#pragma warning restore CS0618

    /// <summary>Per page, the violating elements by impact (the most in any language or width) and the rules they broke.</summary>
    private static string Report(IReadOnlyList<Visit> visits, IReadOnlyCollection<Finding> findings)
    {
        var report = new StringBuilder("| page | critical | serious | moderate | minor | rules |\n|---|---|---|---|---|---|\n");
        foreach (var name in visits.Select(v => v.Name))
        {
            var mine = findings.Where(f => f.Visit.Name == name).ToList();
            var counts = Impacts.Select(impact => mine.Where(f => f.Violation.Impact == impact).GroupBy(f => (f.Culture, f.Width))
                .Select(g => g.Sum(f => f.Violation.Nodes.Length)).DefaultIfEmpty(0).Max());
            var rules = mine.Select(f => $"{f.Violation.Id} ({f.Violation.Impact})").Distinct().Order();
            report.AppendLine($"| {name} | {string.Join(" | ", counts)} | {string.Join(", ", rules)} |");
        }
        return report.ToString();
    }

    /// <summary>The pages, and the data that makes each state of an execution exist.</summary>
    private async Task<IReadOnlyList<Visit>> VisitsAsync()
    {
        var node = portal.NodeA;
        using var ana = await node.ApiClientAsync("ana");
        using var bruno = await node.ApiClientAsync("bruno");
        using var diego = await node.ApiClientAsync("diego");

        // An agent whose DLP policy blocks whatever it finds: ana's request with an e-mail address is stopped.
        var version = (await diego.GetFromJsonAsync<JsonElement>("/api/v1/agents/neura-4/dlp-policy")).GetProperty("version").GetInt64();
        (await diego.PutAsJsonAsync("/api/v1/agents/neura-4/dlp-policy", new { defaultAction = "block", overrides = new Dictionary<string, string>(), version })).EnsureSuccessStatusCode();
        var blocked = await LaunchAsync(ana, "neura-4", "Da de alta a Marta, correo marta@contoso.es");
        var running = await LaunchAsync(ana, "neura-10", "Resume la variación de gastos de viaje del trimestre");

        // The demo seeds ana's requests waiting for approvers; bruno rejects one of them and leaves the other waiting.
        var pending = (await bruno.GetFromJsonAsync<JsonElement>("/api/v1/approvals")).GetProperty("items").EnumerateArray().ToList();
        var waiting = pending.First(a => a.GetProperty("agentId").GetString() == "ciso-access-recertification");
        var rejected = pending.First(a => a.GetProperty("agentId").GetString() == "cfo-treasury");
        (await bruno.PostAsJsonAsync($"/api/v1/approvals/{rejected.GetProperty("id")}/decision",
            new { decision = "reject", reason = "Falta el detalle de proveedores / Supplier detail missing" })).EnsureSuccessStatusCode();

        var history = (await diego.GetFromJsonAsync<JsonElement>("/api/v1/executions")).EnumerateArray().ToList();
        string First(string status) => history.First(e => e.GetProperty("status").GetString() == status).GetProperty("id").GetString()!;

        return
        [
            new("ana", "home", "/"),
            new("bruno", "home-approver", "/"),
            new("carmen", "home-finance", "/"),
            new("diego", "home-admin", "/"),
            new("ana", "catalog", "/agents"),
            new("ana", "launch", "/agents/neura-4/launch", Prepare: async page =>
            {
                await page.Locator("textarea").FillAsync("Alta de Marta: DNI 12345678Z, correo marta@contoso.es");
                await page.GetByTestId("dlp-preview").WaitForAsync();
                await page.GetByTestId("launch-help-toggle").ClickAsync();
            }),
            new("ana", "executions", "/executions"),
            new("ana", "search", "/search?q=tesorer%C3%ADa"),
            new("ana", "access-denied", "/finance"),
            new("ana", "not-found", "/no-such-page"),
            new("diego", "execution-completed", $"/executions/{First("Completed")}"),
            new("diego", "execution-failed", $"/executions/{First("Failed")}"),
            new("diego", "execution-awaiting-approval", $"/executions/{waiting.GetProperty("executionId")}"),
            new("diego", "execution-running", $"/executions/{running}"),
            new("diego", "execution-blocked", $"/executions/{blocked}"),
            new("diego", "execution-rejected", $"/executions/{rejected.GetProperty("executionId")}"),
            new("diego", "admin-dlp", "/admin/dlp"),
            new("diego", "admin-risk", "/admin/risk"),
            new("diego", "admin-executions", "/admin/executions"),
            new("diego", "admin-agents", "/admin/agents"),
            new("diego", "admin-agent", "/admin/agents/neura-7"),
            new("diego", "admin-cost-centres", "/admin/cost-centres"),
            new("bruno", "approvals", "/approvals"),
            new("bruno", "approvals-history", "/approvals/history"),
            new("bruno", "approval", $"/approvals/{waiting.GetProperty("id")}"),
            new("carmen", "finance", "/finance", Prepare: page => page.GetByTestId("finance-help-toggle").ClickAsync()),
            new("carmen", "budgets", "/finance/budgets"),
            new("carmen", "prices", "/finance/prices"),
            new("olga", "operator-tenants", "/operator/tenants"),
            new("carmen", "reconciliation", "/finance/reconciliation"),
            new("carmen", "alerts", "/finance/alerts"),
            new("ana", "conversations", "/conversations"),
            new("ana", "notification-settings", "/settings/notifications"),
            new("bruno", "delegation", "/approvals/delegation"),
            new("diego", "admin-delegations", "/admin/delegations"),
            new("diego", "admin-notifications", "/admin/notifications"),
            new("nadia", "no-role", "/agents"),
            new(null, "sign-in", "/signin-dev", Interactive: false),
            new(null, "signed-out", "/signed-out", Interactive: false),
            new(null, "not-set-up", "/organisation-not-set-up", Interactive: false),
        ];
    }

    private static async Task<string> LaunchAsync(HttpClient api, string agentId, string input)
    {
        var launched = await api.PostAsJsonAsync("/api/v1/executions", new { agentId, input });
        launched.EnsureSuccessStatusCode();
        return (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
