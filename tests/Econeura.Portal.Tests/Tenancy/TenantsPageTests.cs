using Bunit;
using Econeura.Portal.Features.Tenancy;

namespace Econeura.Portal.Tests.Tenancy;

/// <summary>The operator's page: the organisations, an onboarding form that says what is wrong, and offboarding that asks first.</summary>
public sealed class TenantsPageTests(PortalFixture fixture) : PortalComponentTest(fixture, "olga", "en-GB")
{
    /// <summary>Types into a field: MudBlazor puts the test id on the input itself or on its wrapper.</summary>
    private static void Type(IRenderedComponent<TenantsPage> page, string field, string value)
    {
        var marked = page.Find($"[data-testid={field}]");
        (marked.TagName == "INPUT" ? marked : marked.QuerySelector("input")!).Change(value);
    }

    [Fact]
    public async Task Bad_input_is_named_field_by_field_and_a_valid_organisation_joins_the_list()
    {
        const string directory = "0d9c8b7a-6f5e-4d3c-9b2a-1f0e9d8c7b6a";
        var page = Render<TenantsPage>();
        page.WaitForElement("[data-testid=tenants]");

        Type(page, "tenant-directory-id", "wingtip");
        Type(page, "tenant-time-zone", "Mars/Olympus");
        page.Find("[data-testid=tenant-onboard]").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("A directory id is a GUID", page.Markup);
            Assert.Contains("Required.", page.Markup);
            Assert.Contains("Not a known time zone", page.Markup);
        });
        Assert.Null(await Fixture.Service<TenantRegistry>().FindAsync(directory));

        Type(page, "tenant-directory-id", directory);
        Type(page, "tenant-name", "Wingtip Toys");
        Type(page, "tenant-time-zone", "Europe/Lisbon");
        page.Find("[data-testid=tenant-onboard]").Click();

        page.WaitForAssertion(() => Assert.Contains("Wingtip Toys", page.Find("[data-testid=tenants]").TextContent));
        Assert.DoesNotContain("A directory id is a GUID", page.Markup);
        var registered = await Fixture.Service<TenantRegistry>().FindAsync(directory);
        Assert.Equal(("Wingtip Toys", "Europe/Lisbon", true), (registered!.DisplayName, registered.TimeZone, registered.IsActive));
    }

    [Fact]
    public async Task Offboarding_asks_first_and_keeping_the_organisation_changes_nothing()
    {
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var page = Render<TenantsPage>();
        page.WaitForElement("[data-testid=tenants]");
        AngleSharp.Dom.IElement Offboard() => page.Find("button[aria-label='Offboard Fabrikam Retail']");

        Offboard().Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Offboard Fabrikam Retail?", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Keep it")).Click();
        Assert.True(await Fixture.Service<ITenantStatus>().IsActiveAsync(DevelopmentPersonas.Fabrikam.Id));

        Offboard().Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Offboard Fabrikam Retail?", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Offboard").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("button[aria-label='Offboard Fabrikam Retail']")));
        Assert.Contains("Offboarded", page.Find("[data-testid=tenants]").TextContent);
        Assert.False(await Fixture.Service<ITenantStatus>().IsActiveAsync(DevelopmentPersonas.Fabrikam.Id));
    }
}
