using System.Text.RegularExpressions;
using Econeura.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>
/// Each persona signs in, lands on the home page and reaches their work in one click, in Spanish on a phone and in English
/// on a desktop; the home pages are kept as screenshots of the personas' first minute.
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
        foreach (var (locale, width) in Readers.Cases)
        {
            var page = await portal.SignedInPageAsync(portal.NodeA, persona, width, locale: locale);
            await PortalCluster.WaitForCircuitAsync(page);

            Assert.Equal($"{portal.NodeA.BaseUrl}/", page.Url);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(new Regex(Readers.Say(locale, "^Hola, ", "^Hello, ")));
            var part = page.GetByTestId(section);
            await Expect(part).ToBeVisibleAsync();
            var screenshot = Path.Combine(Repository.Artifacts(Path.Combine("e2e", "home")), $"{persona}-{locale}-{width}.png");
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the home page scrolls sideways");

            await part.GetByTestId(link).First.ClickAsync();

            await page.WaitForURLAsync(new Regex(work));
            await PortalCluster.WaitForCircuitAsync(page);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await page.Context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Readers.Both), MemberType = typeof(Readers))]
    public async Task The_app_bar_counters_say_what_they_count_on_a_desktop_and_a_phone(string locale, int width)
    {
        var page = await portal.SignedInPageAsync(portal.NodeA, "diego", width, locale: locale);
        await PortalCluster.WaitForCircuitAsync(page);

        var label = Readers.Say(locale, "por aprobar", "to approve");
        await Expect(page.GetByTestId("pending-badge-label")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("pending-badge-label")).ToHaveTextAsync(label);
        await Expect(page.GetByTestId("alerts-bell-label")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($@"^\d+ {label}$") })).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }
}
