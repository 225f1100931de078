using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>One portal at the agents' ordinary speed: enough for flows that never cross nodes.</summary>
public sealed class OneNodePortal : PortalCluster
{
    protected override bool SingleNode => true;
}

/// <summary>The portal with the keyboard alone: Tab, Enter and typing; never the mouse.</summary>
public sealed class KeyboardTests(OneNodePortal portal) : IClassFixture<OneNodePortal>
{
    private const string FocusIsIn = "id => document.activeElement?.closest(`[data-testid=\"${id}\"]`) != null";

    /// <summary>Whether the focus is on the element marked <paramref name="testId"/> or inside it.</summary>
    private static Task<bool> HasFocusAsync(IPage page, string testId) => page.EvaluateAsync<bool>(FocusIsIn, testId);

    /// <summary>Presses Tab until the element marked <paramref name="testId"/> has the focus.</summary>
    private static async Task TabToAsync(IPage page, string testId, int limit = 200)
    {
        for (var presses = 0; presses < limit; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await HasFocusAsync(page, testId)) return;
        }
        Assert.Fail($"{limit} presses of Tab never reached {testId} on {page.Url}.");
    }

    /// <summary>What a sighted keyboard user sees of the focus: the focused element's outline.</summary>
    private static Task<string> FocusRingAsync(IPage page) =>
        page.EvaluateAsync<string>("() => { const s = getComputedStyle(document.activeElement); return `${s.outlineStyle} ${s.outlineWidth}`; }");

    [Fact]
    public async Task The_first_Tab_reaches_the_skip_link_and_Enter_takes_the_reader_past_the_menu_to_the_page()
    {
        var page = await portal.SignedInPageAsync(portal.NodeA, "ana");
        await page.GotoAsync("/executions");
        await PortalCluster.WaitForCircuitAsync(page);

        await page.Keyboard.PressAsync("Tab");

        var skip = page.GetByTestId("skip-link");
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToHaveTextAsync("Saltar al contenido");
        await Expect(skip).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main#main-content")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('main-content').contains(document.activeElement)"),
            "the Tab after the skip link left the page's content");
    }

    [Fact]
    public async Task A_user_launches_an_agent_from_the_catalog_and_sees_it_complete_with_the_keyboard_alone()
    {
        var page = await portal.SignedInPageAsync(portal.NodeA, "ana");
        await page.GotoAsync("/agents");
        await PortalCluster.WaitForCircuitAsync(page);

        await TabToAsync(page, "launch-neura-10");
        Assert.StartsWith("solid 3px", await FocusRingAsync(page));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/agents/neura-10/launch$"));
        await Expect(page.Locator("main h1")).ToBeFocusedAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Lanzar un agente");

        await TabToAsync(page, "launch-input");
        await page.Keyboard.TypeAsync("Resume la variación de gastos de viaje del trimestre");
        await TabToAsync(page, "launch-button");
        Assert.StartsWith("solid 3px", await FocusRingAsync(page));
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(new Regex("/executions/[0-9a-f-]{36}$"));
        await Expect(page.Locator("main h1")).ToBeFocusedAsync();
        await Expect(page.GetByTestId("execution-input")).ToHaveTextAsync("Resume la variación de gastos de viaje del trimestre");
        await Expect(page.GetByTestId("execution-status").First).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("execution-status").First).ToHaveTextAsync("Completada");
    }

    [Fact]
    public async Task An_approver_opens_a_waiting_request_and_approves_it_with_a_reason_with_the_keyboard_alone()
    {
        using var ana = await portal.NodeA.ApiClientAsync("ana");
        var launched = await ana.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-8", input = "Revisión de la cláusula de confidencialidad del proveedor" });
        launched.EnsureSuccessStatusCode();
        var executionId = (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var bruno = await portal.SignedInPageAsync(portal.NodeA, "bruno");
        await bruno.GotoAsync("/approvals");
        await PortalCluster.WaitForCircuitAsync(bruno);
        var row = bruno.Locator("[data-testid^=approval-row-]").Filter(new() { HasText = "confidencialidad del proveedor" });
        var rowId = await row.GetAttributeAsync("data-testid");

        await TabToAsync(bruno, rowId!);
        await Expect(row.GetByTestId("approval-link")).ToBeFocusedAsync();
        await bruno.Keyboard.PressAsync("Enter");
        await bruno.WaitForURLAsync(new Regex("/approvals/[0-9a-f-]{36}$"));
        await Expect(bruno.Locator("main h1")).ToBeFocusedAsync();

        await TabToAsync(bruno, "approve-button");
        await bruno.Keyboard.PressAsync("Enter");
        // The dialog takes the focus to where the reason is written.
        await bruno.WaitForFunctionAsync(FocusIsIn, "decision-reason");
        await bruno.Keyboard.TypeAsync("Cláusula revisada con Legal");
        await TabToAsync(bruno, "decision-confirm");
        await bruno.Keyboard.PressAsync("Enter");

        await Expect(bruno.GetByTestId("decision-notice")).ToBeVisibleAsync();
        await Eventually.Until(() => ana.GetFromJsonAsync<JsonElement>($"/api/v1/executions/{executionId}"),
            execution => execution.GetProperty("status").GetString() == "Completed", "the approved execution to complete");
    }
}
