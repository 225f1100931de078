using System.Text.RegularExpressions;
using Econeura.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>
/// Each persona signs in, lands on the home page and reaches their work in one click, in Spanish, on a desktop and a
/// phone; the home pages are kept as screenshots of the personas' first minute.
/// </summary>
[Collection(DemoPortal.Collection)]
public sealed class HomeTests(DemoPortal portal)
{
    [Theory]
    [InlineData("ana", "home-runs", "home-execution-link", "/executions/[0-9a-f-]{36}$")]
    [InlineData("bruno", "home-approvals", "home-approval-link", "/approvals/[0-9a-f-]{36}$")]
    [InlineData("carmen", "home-spend", "home-spend-more", "/finance$")]
    [InlineData("diego", "home-attention", "home-execution-link", "/executions/[0-9a-f-]{36}$")]
    public async Task A_persona_lands_on_the_home_page_and_reaches_their_work_in_one_click(string persona, string section, string link, string work)
    {
        foreach (var width in new[] { 1366, 390 })
        {
            var page = await portal.SignedInPageAsync(portal.NodeA, persona, width);
            await PortalCluster.WaitForCircuitAsync(page);

            Assert.Equal($"{portal.NodeA.BaseUrl}/", page.Url);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(new Regex("^Hola, "));
            var part = page.GetByTestId(section);
            await Expect(part).ToBeVisibleAsync();
            var screenshot = Path.Combine(Repository.Artifacts(Path.Combine("e2e", "home")), $"{persona}-{width}.png");
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the home page scrolls sideways");

            await part.GetByTestId(link).First.ClickAsync();

            await page.WaitForURLAsync(new Regex(work));
            await PortalCluster.WaitForCircuitAsync(page);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_app_bar_counters_say_what_they_count_on_a_phone_too()
    {
        var page = await portal.SignedInPageAsync(portal.NodeA, "diego", 390);
        await PortalCluster.WaitForCircuitAsync(page);

        await Expect(page.GetByTestId("pending-badge-label")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("pending-badge-label")).ToHaveTextAsync("por aprobar");
        await Expect(page.GetByTestId("alerts-bell-label")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^\d+ por aprobar$") })).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }
}
