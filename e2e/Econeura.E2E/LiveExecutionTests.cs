using Econeura.Testing;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

public sealed class LiveExecutionTests(PortalCluster cluster) : IClassFixture<PortalCluster>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Within30Seconds = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_launched_agent_reaches_completed_live_in_its_page_and_in_a_browser_already_open_on_another_node()
    {
        var watcher = await cluster.SignedInPageAsync(cluster.NodeB, "ana");
        await watcher.GotoAsync("/executions");
        await PortalCluster.WaitForCircuitAsync(watcher);
        await watcher.EvaluateAsync("() => window.econeuraNotReloaded = true");

        var launcher = await cluster.SignedInPageAsync(cluster.NodeA, "ana");
        await launcher.GotoAsync("/agents/neura-10/launch");
        await PortalCluster.WaitForCircuitAsync(launcher);
        await launcher.Locator("textarea").FillAsync("Resume la variación de gastos de viaje del trimestre");
        await launcher.GetByTestId("launch-button").ClickAsync();
        await launcher.WaitForURLAsync(new Regex("/executions/[0-9a-f-]{36}$"));
        var executionId = launcher.Url.Split('/')[^1];
        await PortalCluster.WaitForCircuitAsync(launcher);
        await launcher.EvaluateAsync("() => window.econeuraNotReloaded = true");

        await Expect(launcher.GetByTestId("execution-status").First).ToHaveAttributeAsync("data-status", "Completed", Within30Seconds);
        await Expect(launcher.GetByTestId("execution-status").First).ToHaveTextAsync("Completada");
        await Expect(launcher.GetByTestId("execution-output")).ToContainTextAsync("NEURA Investigación (simulador) · Investigación: informe breve");
        await Expect(launcher.Locator("[data-testid=timeline-entry][data-kind=Completed]")).ToBeVisibleAsync();
        var row = watcher.GetByTestId($"execution-row-{executionId}").GetByTestId("execution-status");
        await Expect(row).ToHaveAttributeAsync("data-status", "Completed", Within30Seconds);
        await Expect(row).ToHaveTextAsync("Completada");

        Assert.True(await launcher.EvaluateAsync<bool>("() => window.econeuraNotReloaded === true"), "the execution page reloaded");
        Assert.True(await watcher.EvaluateAsync<bool>("() => window.econeuraNotReloaded === true"), "the executions list reloaded");
        await launcher.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), "execution-completed.png"), FullPage = true });
        await watcher.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), "executions-list-live.png"), FullPage = true });
    }

    [Fact]
    public async Task The_language_switch_is_remembered_across_pages()
    {
        var page = await cluster.SignedInPageAsync(cluster.NodeA, "bruno");
        await page.GotoAsync("/culture/en-GB?returnUrl=%2Fexecutions");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Executions");

        await page.GotoAsync("/agents");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Agent catalog");
        await page.GotoAsync("/culture/es-ES?returnUrl=%2Fagents");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Catálogo de agentes");
    }

    [Fact]
    public async Task The_catalog_is_grouped_by_department_and_searchable()
    {
        var page = await cluster.SignedInPageAsync(cluster.NodeA, "carmen");
        await page.GotoAsync("/agents");
        await PortalCluster.WaitForCircuitAsync(page);
        await Expect(page.Locator("[data-testid^=department-]")).ToHaveCountAsync(11);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), "agent-catalog.png") });

        foreach (var query in new[] { "tesorería", "tesoreria", "treasury" })
        {
            await page.GetByPlaceholder("Buscar agentes", new() { Exact = true }).FillAsync(query);
            await Expect(page.GetByTestId("agent-cfo-treasury")).ToContainTextAsync("Tesorería");
            await Expect(page.Locator("[data-testid^=department-]")).ToHaveCountAsync(1);
        }
        await page.GetByPlaceholder("Buscar agentes", new() { Exact = true }).FillAsync("ningún agente se llama así");

        await Expect(page.Locator("[data-testid^=agent-]:not([data-testid=agent-search])")).ToHaveCountAsync(0);
    }
}

public sealed class DlpPreviewTests(PortalCluster cluster) : IClassFixture<PortalCluster>
{
    [Fact]
    public async Task Typing_fast_and_in_bursts_keeps_every_character_and_the_preview_follows_the_whole_text()
    {
        // The pauses straddle the preview's wait, so its answer is drawn while the next keystrokes are on their way:
        // the field must keep what the user typed, not what the server last heard (CI lost "I 1234567" that way).
        var page = await cluster.SignedInPageAsync(cluster.NodeA, "ana");
        await page.GotoAsync("/agents/neura-4/launch");
        await PortalCluster.WaitForCircuitAsync(page);

        var input = page.Locator("textarea");
        var fast = string.Concat(Enumerable.Repeat("Alta de Marta: DNI 12345678Z, correo marta@contoso.es. ", 6));
        await input.PressSequentiallyAsync(fast, new() { Delay = 0 });
        await Expect(input).ToHaveValueAsync(fast);
        await input.FillAsync("");
        string[] bursts = ["Alta de Marta", ": DNI 12345678Z", ", correo ", "marta@contoso.es", " y alta en nómina"];
        foreach (var (burst, pause) in bursts.Zip([250, 300, 330, 360, 0]))
        {
            await input.PressSequentiallyAsync(burst, new() { Delay = 15 });
            await page.WaitForTimeoutAsync(pause);
        }

        var typed = string.Concat(bursts);
        await Expect(input).ToHaveValueAsync(typed);
        await Expect(page.GetByTestId("dlp-redacted")).ToHaveTextAsync("Alta de Marta: DNI <ES_DNI_1>, correo <EMAIL_1> y alta en nómina");
        await Expect(input).ToHaveValueAsync(typed);
    }

    [Fact]
    public async Task The_user_sees_what_will_be_sent_before_launching_and_the_execution_keeps_only_that()
    {
        var page = await cluster.SignedInPageAsync(cluster.NodeA, "ana");
        await page.GotoAsync("/agents/neura-4/launch");
        await PortalCluster.WaitForCircuitAsync(page);

        await page.Locator("textarea").PressSequentiallyAsync("Alta de Marta: DNI 12345678Z, correo marta@contoso.es", new() { Delay = 5 });

        var preview = page.GetByTestId("dlp-redacted");
        await Expect(preview).ToHaveTextAsync("Alta de Marta: DNI <ES_DNI_1>, correo <EMAIL_1>");
        await Expect(page.Locator("[data-testid=dlp-placeholder][data-type=ES_DNI]")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("dlp-action")).ToHaveTextAsync("Se envía anonimizado");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), "dlp-preview.png"), FullPage = true });

        await page.GetByTestId("launch-button").ClickAsync();
        await page.WaitForURLAsync(new Regex("/executions/[0-9a-f-]{36}$"));
        await Expect(page.GetByTestId("execution-input")).ToHaveTextAsync("Alta de Marta: DNI <ES_DNI_1>, correo <EMAIL_1>");
        await Expect(page.GetByTestId("execution-dlp-counts")).ToContainTextAsync("DNI: 1");
        await Expect(page.GetByTestId("execution-status").First).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 30_000 });
    }
}
