using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>In Development the API has a browsable reference, read from the OpenAPI document, without signing in.</summary>
[Collection(DemoPortal.Collection)]
public sealed class ApiReferenceTests(DemoPortal portal)
{
    [Fact]
    public async Task The_reference_page_shows_the_api_grouped_by_feature()
    {
        var context = await portal.Browser.NewContextAsync(new() { BaseURL = portal.NodeA.BaseUrl });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/api/reference/");

        await Expect(page.GetByText("Econeura API").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        foreach (var group in new[] { "Executions", "Gateway", "Agents", "Approvals" })
            await Expect(page.GetByText(group, new() { Exact = true }).First).ToBeVisibleAsync();
        await context.CloseAsync();
    }
}
