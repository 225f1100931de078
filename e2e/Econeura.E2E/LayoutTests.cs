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

    [Fact]
    public async Task At_1366_px_the_budget_tables_edit_buttons_need_no_sideways_scroll_and_the_edit_form_opens_in_view()
    {
        var page = await (await portal.SignedInContextAsync(portal.NodeA, "diego", width: 1366)).NewPageAsync();
        await page.GotoAsync("/finance/budgets");
        await PortalCluster.WaitForCircuitAsync(page);
        var table = page.GetByTestId("budgets-table");
        await Expect(table).ToBeVisibleAsync();

        Assert.True(await table.EvaluateAsync<bool>("t => t.querySelector('table').getBoundingClientRect().right <= t.getBoundingClientRect().right + 0.5"),
            "the budget table is wider than its box: its edit buttons hide behind a sideways scroll");
        // The last row's button is the furthest from where the form used to open.
        var edit = page.Locator("[data-testid^=budget-edit-]").Last;
        await edit.ClickAsync();

        await Expect(page.GetByTestId("budget-form").Locator("h2")).ToBeInViewportAsync();
        await Expect(page.GetByTestId("budget-form").Locator("h2")).ToBeFocusedAsync();
    }
}
