using System.Text.RegularExpressions;
using Econeura.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

public sealed class ExecutionListTests(PortalCluster cluster) : IClassFixture<PortalCluster>
{

    [Fact]
    public async Task Times_are_in_the_browsers_time_zone_from_the_first_prerendered_page_of_the_next_visit()
    {
        var page = await cluster.SignedInPageAsync(cluster.NodeA, "ana", timeZone: "America/Bogota");
        var executionId = await PortalCluster.LaunchAsync(page, "cfo-treasury", "Previsión de tesorería a 13 semanas");

        // The circuit asks the browser once and shows the step times in its zone.
        await Expect(page.GetByTestId("timeline-time").First).ToHaveAttributeAsync("title", new Regex(@"\(America/Bogota, UTC-05:00\)$"));

        // The next page comes prerendered in that zone already: the browser's cookie said it.
        var response = await page.GotoAsync($"/executions/{executionId}");
        Assert.Contains("America/Bogota, UTC-05:00", await response!.TextAsync());
        await PortalCluster.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("timeline-time").First).ToHaveAttributeAsync("title", new Regex(@"\(America/Bogota, UTC-05:00\)$"));
        await Expect(page.GetByTestId("timeline-time").First).ToContainTextAsync("·");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), "timeline-local-time.png"), FullPage = true });
    }

    [Fact]
    public async Task The_list_keeps_its_order_and_filters_in_its_address_and_reads_as_labelled_cards_on_a_phone()
    {
        var page = await cluster.SignedInPageAsync(cluster.NodeA, "carmen");
        await PortalCluster.LaunchAsync(page, "cfo-invoicing", "Facturas pendientes de noviembre");
        await PortalCluster.LaunchAsync(page, "cfo-purchasing", "Compara tres proveedores de papel");

        await page.GotoAsync("/executions");
        await PortalCluster.WaitForCircuitAsync(page);
        await page.GetByTestId("sort-agent").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/executions\?sort=agent$"));
        // Compras before Facturación: the names the reader sees, in Spanish.
        await Expect(page.Locator("tbody tr td:first-child a")).ToHaveTextAsync(["Compras", "Facturación"]);

        await page.ReloadAsync();
        await PortalCluster.WaitForCircuitAsync(page);
        await Expect(page.Locator("th[aria-sort=ascending]")).ToContainTextAsync("Agente");
        await Expect(page.Locator("tbody tr td:first-child a")).ToHaveTextAsync(["Compras", "Facturación"]);
        await Expect(page.GetByTestId("executions-range")).ToHaveTextAsync("1–2 de 2");

        await page.GetByTestId("executions-status").SelectOptionAsync("Failed");
        await Expect(page).ToHaveURLAsync(new Regex("status=Failed"));
        await Expect(page.GetByTestId("executions-no-match")).ToContainTextAsync("Ninguna ejecución coincide con los filtros");
        await page.GetByTestId("executions-no-match").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/executions\?sort=agent$"));
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(2);

        await page.SetViewportSizeAsync(390, 844);
        var label = await page.Locator("tbody tr td").First.EvaluateAsync<string>("td => getComputedStyle(td, '::before').content");
        Assert.Equal("\"Agente\"", label);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), "executions-list-phone.png"), FullPage = true });
    }
}
