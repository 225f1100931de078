using Bunit;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>The dashboard's date range is checked in the form, in the reader's words; the export is offered only for a range it takes.</summary>
public sealed class FinanceDashboardFormTests(PortalFixture fixture) : PortalComponentTest(fixture, "carmen", "es-ES")
{
    [Fact]
    public void A_range_the_export_would_refuse_is_explained_in_the_form_and_the_export_waits_for_a_good_one()
    {
        var page = Render<FinanceDashboardPage>();
        page.WaitForElement("[data-testid=finance-total]");
        Assert.StartsWith("/finance/export.csv?from=", page.Find("[data-testid=finance-export]").GetAttribute("href"));

        page.Find("[data-testid=finance-from]").Change("2024-01-01");

        page.WaitForAssertion(() => Assert.Equal("Elige un periodo que acabe después de empezar, de 400 días como máximo.",
            page.Find("[data-testid=finance-filter-error]").TextContent));
        Assert.Null(page.Find("[data-testid=finance-export]").GetAttribute("href"));
        Assert.True(page.Find("[data-testid=finance-export]").HasAttribute("disabled"));

        // A field the browser reports empty (a part of the date still missing) is not written over while the reader types.
        var shown = page.Find("[data-testid=finance-from]").GetAttribute("value");
        page.Find("[data-testid=finance-from]").Change("");

        page.WaitForAssertion(() => Assert.Equal("Escribe la fecha completa: día, mes y año.", page.Find("[data-testid=finance-filter-error]").TextContent));
        Assert.Equal(shown, page.Find("[data-testid=finance-from]").GetAttribute("value"));
        Assert.Null(page.Find("[data-testid=finance-export]").GetAttribute("href"));

        var today = Fixture.Service<TimeProvider>().GetUtcNow();
        page.Find("[data-testid=finance-from]").Change(today.AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=finance-filter-error]")));
        Assert.StartsWith("/finance/export.csv?from=", page.Find("[data-testid=finance-export]").GetAttribute("href"));
    }
}
