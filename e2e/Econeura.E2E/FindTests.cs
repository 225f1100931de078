using System.Text.RegularExpressions;
using Econeura.Testing;
using Microsoft.Playwright;
using Npgsql;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>
/// A tester's timed task: find yesterday's run by its text, from the app bar's search box (on a phone, its icon and the
/// search page's box), in Spanish on a phone and in English on a desktop.
/// </summary>
[Collection(DemoPortal.Collection)]
public sealed class FindTests(DemoPortal portal, ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(Readers.Both), MemberType = typeof(Readers))]
    public async Task Yesterdays_run_is_found_by_its_text_from_the_app_bar_in_two_clicks_three_on_a_phone(string locale, int width)
    {
        var run = await YesterdaysRunAsync();
        var words = string.Join(' ', run.Input.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(6));
        var page = await portal.SignedInPageAsync(portal.NodeA, run.Persona, width, locale: locale);
        await page.GotoAsync("/executions");
        await PortalCluster.WaitForCircuitAsync(page);
        var clicks = 0;
        async Task Click(ILocator target)
        {
            clicks++;
            await target.ClickAsync();
        }

        var phone = width < 600;
        if (phone)
        {
            // The bar has room for the icon only: it opens the search page, whose box takes the words.
            await Click(page.GetByTestId("app-search-link"));
            await Expect(page).ToHaveURLAsync(new Regex("/search$"));
            await Expect(page.GetByTestId("search-page-input")).ToBeVisibleAsync();
        }
        await Click(page.GetByTestId(phone ? "search-page-input" : "app-search-input"));
        await page.Keyboard.TypeAsync(words);
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(new Regex(@"/search\?q="));
        await Expect(page.Locator("h1")).ToHaveTextAsync(Readers.Say(locale, "Buscar", "Search"));
        var hit = page.GetByTestId("find-runs").Locator($"a[href='/executions/{run.Id}']");
        await Expect(hit).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), $"find-yesterdays-run-{locale}-{width}.png"), FullPage = true });
        await Click(hit);

        await page.WaitForURLAsync(new Regex($"/executions/{run.Id}$"));
        await Expect(page.GetByTestId("execution-input")).ToHaveTextAsync(run.Input);
        Assert.Equal(phone ? 3 : 2, clicks);
        // Before the search, the list showed no text: the executions page, both date fields set to yesterday, then each of
        // the day's runs opened (and left) until the right one, the oldest here.
        var before = 1 + 2 + run.RunsThatDay + (run.RunsThatDay - 1);
        output.WriteLine($"Find yesterday's run by its text ({run.Persona}, {locale}, {width} px, {run.RunsThatDay} runs that day): " +
                         $"{before} clicks before, {clicks} after.");
        await page.Context.CloseAsync();
    }

    private sealed record Run(Guid Id, string Persona, string Input, int RunsThatDay);

    /// <summary>The demo history's oldest run of yesterday (UTC) of the person with the most runs that day: the hardest to find by opening them.</summary>
    private async Task<Run> YesterdaysRunAsync()
    {
        var today = DateTime.UtcNow.Date;
        await using var connection = new NpgsqlConnection(portal.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            with day as (
                select id, requested_by, requested_at, data->>'RedactedInput' as input,
                       count(*) over (partition by requested_by) as runs
                from econeura.mt_doc_executionview
                where requested_at >= @from and requested_at < @to and requested_by like 'dev-%')
            select id, requested_by, input, runs from day order by runs desc, requested_by, requested_at limit 1
            """, connection);
        command.Parameters.AddWithValue("from", new DateTimeOffset(today.AddDays(-1), TimeSpan.Zero));
        command.Parameters.AddWithValue("to", new DateTimeOffset(today, TimeSpan.Zero));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the demo history has runs yesterday");
        return new Run(reader.GetGuid(0), reader.GetString(1)["dev-".Length..], reader.GetString(2), (int)reader.GetInt64(3));
    }
}
