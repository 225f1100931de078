using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>The frame around every page on a phone and on a desktop: nothing off-screen, the account and sign-out at hand.</summary>
[Collection(DemoPortal.Collection)]
public sealed class LayoutTests(DemoPortal portal)
{
    /// <summary>The app bar's visible elements that stick out of the window, described for the failure message.</summary>
    private static Task<string[]> OffScreenInAppBarAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll('.mud-appbar *')]
            .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
            .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < 0 || r.right > window.innerWidth + 0.5); })
            .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} "${e.textContent.trim().slice(0, 30)}" ${Math.round(e.getBoundingClientRect().left)}..${Math.round(e.getBoundingClientRect().right)}`)
        """);

    [Theory]
    [InlineData("diego")]
    [InlineData("ana")]
    public async Task On_a_phone_the_app_bar_fits_and_the_menu_holds_the_account_the_language_and_sign_out(string persona)
    {
        var page = await (await portal.SignedInContextAsync(portal.NodeA, persona, width: 390)).NewPageAsync();
        await page.GotoAsync("/executions");
        await PortalCluster.WaitForCircuitAsync(page);

        Assert.Empty(await OffScreenInAppBarAsync(page));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");
        var drawer = page.Locator("#navigation");
        await Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--closed"));
        await Expect(page.GetByTestId("drawer-account")).Not.ToBeVisibleAsync();

        await page.GetByTestId("menu-button").ClickAsync();

        var account = page.GetByTestId("drawer-account");
        await Expect(account).ToBeInViewportAsync();
        await Expect(account).ToContainTextAsync(persona == "diego" ? "Diego Fernández" : "Ana García");
        await Expect(account).ToContainTextAsync("Contoso Iberia");
        await Expect(page.GetByTestId("drawer-language-switch")).ToHaveTextAsync("English");
        var signOut = page.GetByTestId("drawer-signout-form").GetByRole(AriaRole.Button);
        await Expect(signOut).ToBeInViewportAsync();
        await signOut.ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/signed-out", StringComparison.Ordinal));
        await page.GotoAsync("/executions");
        await page.WaitForURLAsync(url => url.Contains("/signin-dev", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_a_desktop_the_app_bar_shows_the_account_and_sign_out_and_the_menu_is_open()
    {
        var page = await (await portal.SignedInContextAsync(portal.NodeA, "diego", width: 1366)).NewPageAsync();
        await page.GotoAsync("/executions");
        await PortalCluster.WaitForCircuitAsync(page);

        Assert.Empty(await OffScreenInAppBarAsync(page));
        await Expect(page.Locator("#navigation")).ToHaveClassAsync(new Regex("mud-drawer--open"));
        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("Diego Fernández");
        await Expect(page.GetByTestId("signed-in-roles")).ToHaveTextAsync("Administrador, Aprobador, Finanzas, Usuario");
        await Expect(page.GetByTestId("language-switch")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signout-form").GetByRole(AriaRole.Button)).ToBeInViewportAsync();
        await Expect(page.GetByTestId("drawer-account")).Not.ToBeVisibleAsync();
    }
}
