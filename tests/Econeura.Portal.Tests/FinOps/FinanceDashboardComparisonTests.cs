using System.Globalization;
using Bunit;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>
/// Finance picks a period with one click and reads each department's and agent's spend beside the period before, with
/// the change in euros and per cent: every figure is the ledger's (the recorded costs), to the last decimal.
/// </summary>
public sealed class FinanceDashboardComparisonTests(PortalFixture fixture) : PortalComponentTest(fixture, "carmen", "es-ES")
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");

    private async Task SpendAsync(DateOnly day, decimal eur, string agentId, string department)
    {
        await using var session = Fixture.Store.LightweightSession(Ana.TenantId);
        var id = Guid.CreateVersion7();
        session.Events.StartStream(id, new CostRecorded(id, 1, agentId, department, Ana.UserId, Ana.DisplayName, "gpt-4o", 1000, 1000, eur,
            new DateOnly(2025, 1, 1), day, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
    }

    /// <summary>What the recorded costs add up to, read from the events themselves.</summary>
    private async Task<decimal> LedgerAsync(SpendPeriod period, Func<CostRecorded, bool>? which = null)
    {
        await using var session = Fixture.Store.QuerySession(Ana.TenantId);
        return (await session.Events.QueryRawEventDataOnly<CostRecorded>().ToListAsync())
            .Where(c => c.Day >= period.From && c.Day <= period.To && (which?.Invoke(c) ?? true)).Sum(c => c.CostEur);
    }

    private static decimal Data(AngleSharp.Dom.IElement element, string name) =>
        decimal.Parse(element.GetAttribute(name)!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Last_month_and_this_month_in_one_click_each_with_every_department_and_agent_beside_the_period_before()
    {
        var today = await Fixture.Service<FinOpsSettingsStore>().TodayAsync(Ana.TenantId);
        var month = new DateOnly(today.Year, today.Month, 1);
        await SpendAsync(month, 2.5m, "cfo-variance", "cfo");
        await SpendAsync(today, 0.0017m, "cfo-variance", "cfo");
        await SpendAsync(month.AddMonths(-1), 1.00005m, "cfo-variance", "cfo");
        await SpendAsync(month.AddDays(-1), 4m, "neura-8", "legal");
        await SpendAsync(month.AddMonths(-2), 0.3333m, "neura-8", "legal");
        var page = Render<FinanceDashboardPage>();
        page.WaitForElement("[data-testid=finance-total]");

        foreach (var preset in new[] { DatePreset.LastMonth, DatePreset.ThisMonth })
        {
            page.Find($"[data-testid=finance-preset-{preset}]").Click();

            var period = SpendPeriod.Of(preset, today);
            var before = period.Previous();
            var (total, previousTotal) = (await LedgerAsync(period), await LedgerAsync(before));
            page.WaitForAssertion(() =>
            {
                Assert.Equal(period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), page.Find("[data-testid=finance-from]").GetAttribute("value"));
                Assert.Equal(period.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), page.Find("[data-testid=finance-to]").GetAttribute("value"));
                Assert.Equal(total, Data(page.Find("[data-testid=finance-total]"), "data-eur"));
                Assert.Equal(previousTotal, Data(page.Find("[data-testid=finance-total-change]"), "data-previous-eur"));
            });
            Assert.Equal("true", page.Find($"[data-testid=finance-preset-{preset}]").GetAttribute("aria-pressed"));
            foreach (var (table, key, which) in new (string, string, Func<CostRecorded, bool>)[]
            {
                ("finance-by-department", "cfo", c => c.Department == "cfo"), ("finance-by-department", "legal", c => c.Department == "legal"),
                ("finance-by-agent", "cfo-variance", c => c.AgentId == "cfo-variance"), ("finance-by-agent", "neura-8", c => c.AgentId == "neura-8"),
            })
            {
                var (now, then) = (await LedgerAsync(period, which), await LedgerAsync(before, which));
                if (now == 0 && then == 0) continue;
                var row = page.Find($"[data-testid={table}] [data-testid=spend-change][data-key='{key}']");
                Assert.Equal((now, then, now - then), (Data(row, "data-current"), Data(row, "data-previous"), Data(row, "data-change")));
                var share = then == 0 ? (decimal?)null : (now - then) / then;
                Assert.Equal(share is { } s ? (s > 0 ? "+" : "") + s.ToString("P1", CultureInfo.GetCultureInfo("es-ES")) : "sin gasto antes",
                    row.QuerySelectorAll("td")[3].TextContent);
            }
        }
    }

    [Fact]
    public async Task Every_day_of_the_daily_chart_and_the_forecast_date_are_written_out_in_the_readers_language()
    {
        var today = await Fixture.Service<FinOpsSettingsStore>().TodayAsync(Ana.TenantId);
        await SpendAsync(today, 0.0042m, "neura-8", "legal");
        var page = Render<FinanceDashboardPage>();
        page.WaitForElement("[data-testid=finance-total]");

        Assert.Equal("Gasto de cada día", page.Find("[data-testid=finance-daily-values]").GetAttribute("aria-label"));
        Assert.Equal("0", page.Find("[data-testid=finance-daily-values]").GetAttribute("tabindex"));
        Assert.Contains(page.FindAll("[data-testid=finance-daily-values] tr"),
            row => row.TextContent.Contains(today.ToString("d", CultureInfo.GetCultureInfo("es-ES")), StringComparison.Ordinal));
        Assert.StartsWith("Límite 100,00", page.Find("[data-testid=finance-limit-outlook]").TextContent.Trim());
    }
}
