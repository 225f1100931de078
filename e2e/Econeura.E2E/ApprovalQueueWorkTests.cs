using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Econeura.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>
/// The approval queue for people who work it all day, in Spanish on a phone and in English on a desktop: the requester
/// sees the risk before typing (and what it means, one click away), the approver sees the request arrive and approves it
/// from the list (fewer clicks than on its page), and the requester, on another page of another node, is told.
/// </summary>
public sealed class ApprovalQueueWorkTests(PortalCluster cluster, ITestOutputHelper output) : IClassFixture<PortalCluster>
{
    private static readonly LocatorAssertionsToHaveCountOptions Within15Seconds = new() { Timeout = 15_000 };

    /// <summary>Low-risk runs wait for one approver in this tenant: the requests a list is for.</summary>
    private async Task LowRiskNeedsOneApprovalAsync()
    {
        using var diego = await cluster.NodeA.ApiClientAsync("diego");
        var risk = (await diego.GetFromJsonAsync<JsonObject>("/api/v1/risk/policy"))!;
        risk["policy"]!["low"]!["approvalsRequired"] = 1;
        (await diego.PutAsJsonAsync("/api/v1/risk/policy", risk)).EnsureSuccessStatusCode();
    }

    private static ILocator Row(IPage queue, string approvalId) => queue.Locator($"[data-approval-id='{approvalId}']");

    /// <summary>What ana types and sends for approval; the form said before she typed that it would need one.</summary>
    private async Task<string> RequestAsync(IPage ana, string locale, string input, bool checkAxe = false)
    {
        await ana.GotoAsync("/agents/neura-1/launch");
        await PortalCluster.WaitForCircuitAsync(ana);
        var before = ana.GetByTestId("launch-run-needs");
        await Expect(before.GetByTestId("risk-level")).ToHaveTextAsync(Readers.Say(locale, "Riesgo bajo", "Low risk"));
        await Expect(before).ToContainTextAsync(Readers.Say(locale, "Tus ejecuciones necesitan al menos 1 aprobación", "Your runs need at least 1 approval"));
        if (checkAxe) await AssertAxeCleanAsync(ana, $"launch form before typing, {locale}, {ana.ViewportSize!.Width} px");
        await ana.Locator("textarea").FillAsync(input);
        await Expect(ana.GetByTestId("launch-button")).ToHaveAttributeAsync("data-outcome", "SentForApproval");
        if (checkAxe)
        {
            // What data protection, risk and approvals mean, said where the preview shows them.
            await ana.GetByTestId("launch-help-toggle").ClickAsync();
            await Expect(ana.GetByTestId("launch-help-body")).ToContainTextAsync(Readers.Say(locale, "Protección de datos (DLP)", "Data protection (DLP)"));
        }
        await ana.GetByTestId("launch-button").ClickAsync();
        await ana.WaitForURLAsync(new Regex("/executions/[0-9a-f-]{36}$"));
        return ana.Url.Split('/')[^1];
    }

    private static async Task<string> ArrivedAsync(IPage queue, string input)
    {
        var row = queue.Locator("[data-testid^=approval-row-]").Filter(new() { HasText = input });
        await Expect(row).ToHaveCountAsync(1, Within15Seconds);
        return (await row.GetAttributeAsync("data-approval-id"))!;
    }

    [Theory]
    [MemberData(nameof(Readers.Both), MemberType = typeof(Readers))]
    public async Task An_approver_approves_a_low_risk_request_from_the_list_and_the_requester_is_told_on_another_page(string locale, int width)
    {
        await LowRiskNeedsOneApprovalAsync();
        var ana = await cluster.SignedInPageAsync(cluster.NodeA, "ana", width, locale: locale);
        var bruno = await cluster.SignedInPageAsync(cluster.NodeB, "bruno", width, locale: locale);
        await bruno.GotoAsync("/approvals");
        await PortalCluster.WaitForCircuitAsync(bruno);
        var clicks = 0;
        async Task Click(ILocator target)
        {
            clicks++;
            await target.ClickAsync();
        }

        // Before: a request is decided on its own page (open it, approve, confirm), then the approver goes back.
        var device = width < 600 ? "móvil" : "escritorio";
        await RequestAsync(ana, locale, $"Resume los KPI de ventas de la semana, {device}", checkAxe: true);
        var first = await ArrivedAsync(bruno, $"KPI de ventas de la semana, {device}");
        await Click(Row(bruno, first).GetByTestId("approval-link"));
        await bruno.WaitForURLAsync(new Regex("/approvals/[0-9a-f-]{36}$"));
        await PortalCluster.WaitForCircuitAsync(bruno);
        // Four eyes, quorum and deadlines, explained on the request's page (not a click of the decision).
        await bruno.GetByTestId("approval-help-toggle").ClickAsync();
        await Expect(bruno.GetByTestId("approval-help-body")).ToContainTextAsync(Readers.Say(locale, "Cuatro ojos", "Four eyes"));
        await Click(bruno.GetByTestId("approve-button"));
        await Click(bruno.GetByTestId("decision-confirm"));
        await Expect(bruno.GetByTestId("decision-notice")).ToHaveAttributeAsync("data-notice", "approved");
        var onItsPage = clicks;
        await bruno.GotoAsync("/approvals");
        await PortalCluster.WaitForCircuitAsync(bruno);

        // Now: ana asks twice more and goes on to the catalog; the requests arrive in bruno's open queue, marked and said.
        var executionId = await RequestAsync(ana, locale, $"Resume los KPI de marketing del mes, {device}");
        var second = await ArrivedAsync(bruno, $"KPI de marketing del mes, {device}");
        var row = Row(bruno, second);
        await Expect(row).ToHaveAttributeAsync("data-new", "true");
        await Expect(row.GetByTestId("approval-new-mark")).ToHaveTextAsync(Readers.Say(locale, "Nueva", "New"));
        await Expect(bruno.GetByTestId("queue-announcement")).ToHaveTextAsync(Readers.Say(locale,
            "Nueva solicitud: NEURA Analytics, de Ana García, Riesgo bajo", "New request: NEURA Analytics, from Ana García, Low risk"));
        await RequestAsync(ana, locale, $"Resume los KPI de soporte del mes, {device}");
        var third = await ArrivedAsync(bruno, $"KPI de soporte del mes, {device}");
        await ana.GotoAsync("/agents");
        await PortalCluster.WaitForCircuitAsync(ana);
        var height = (await row.BoundingBoxAsync())!.Height;
        // The row's decisions are on screen, not behind a sideways scroll of the table.
        var reject = (await row.GetByTestId("queue-reject").BoundingBoxAsync())!;
        var table = (await bruno.GetByTestId("approval-queue").BoundingBoxAsync())!;
        Assert.True(reject.X + reject.Width <= table.X + table.Width,
            $"the reject button ends at {reject.X + reject.Width:0} px, the table at {table.X + table.Width:0}");
        await bruno.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), $"approval-queue-arrival-{locale}-{width}.png"), FullPage = true });
        await AssertAxeCleanAsync(bruno, $"queue with arrivals, {locale}, {width} px");

        clicks = 0;
        await Click(row.GetByTestId("queue-approve"));
        await Click(bruno.GetByTestId("decision-confirm"));
        await Expect(bruno.GetByTestId("decision-notice")).ToHaveAttributeAsync("data-notice", "approved");
        var fromTheList = clicks;
        await Expect(row).ToHaveCountAsync(0);
        // The keyboard is on the request that took its place, and decides it without a mouse.
        await Expect(Row(bruno, third).GetByTestId("approval-link")).ToBeFocusedAsync();
        await bruno.Keyboard.PressAsync("Tab");
        await Expect(Row(bruno, third).GetByTestId("queue-approve")).ToBeFocusedAsync();
        await bruno.Keyboard.PressAsync("Enter");
        await Expect(bruno.GetByTestId("decision-confirm")).ToBeVisibleAsync();
        await bruno.Keyboard.TypeAsync("Revisado");
        for (var tabs = 0; tabs < 5 && !await bruno.GetByTestId("decision-confirm").EvaluateAsync<bool>("e => e === document.activeElement"); tabs++)
            await bruno.Keyboard.PressAsync("Tab");
        await Expect(bruno.GetByTestId("decision-confirm")).ToBeFocusedAsync();
        await bruno.Keyboard.PressAsync("Enter");
        await Expect(Row(bruno, third)).ToHaveCountAsync(0);
        // No request left: the keyboard is on what happened, not lost at the top of the page.
        await Expect(bruno.Locator(":focus")).ToContainTextAsync(Readers.Say(locale, "Aprobada: la ejecución sigue su curso.", "Approved: the execution is on its way."));

        var toasts = ana.GetByTestId("request-toast");
        await Expect(toasts).ToHaveCountAsync(2, Within15Seconds);
        await Expect(toasts.First).ToContainTextAsync(Readers.Say(locale, "Tu solicitud a NEURA Analytics se aprobó: ya está en marcha.",
            "Your request to NEURA Analytics was approved: it is running."));
        await ana.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), $"request-toast-{locale}-{width}.png"), FullPage = true });
        await AssertAxeCleanAsync(ana, $"catalog with toasts, {locale}, {width} px");
        Assert.True(await ana.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");
        await ana.Locator($"[data-testid=request-toast-link][href='/executions/{executionId}']").ClickAsync();
        await ana.WaitForURLAsync(url => url.EndsWith($"/executions/{executionId}", StringComparison.Ordinal));

        output.WriteLine($"{locale}, {width} px: clicks to approve on the request's page {onItsPage} (plus going back to the queue), from the list {fromTheList}; " +
                         $"a row is {height:0} px high");
        Assert.Equal((3, 2), (onItsPage, fromTheList));
        // Today's phone card was about 500 px: a third of it at most.
        if (width == 390) Assert.True(height <= 170, $"a phone card is {height:0} px high");
    }

    private async Task AssertAxeCleanAsync(IPage page, string where)
    {
#pragma warning disable CS0618 // the legacy run works in the page itself, as AccessibilityTests does
        var result = await page.Locator("html").RunAxeLegacy(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
#pragma warning restore CS0618
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
        output.WriteLine($"axe on {where}: {result.Violations.Length} violations, {serious.Count} serious or critical");
        Assert.True(serious.Count == 0, $"axe on {where}:\n{string.Join('\n', serious)}");
    }
}
