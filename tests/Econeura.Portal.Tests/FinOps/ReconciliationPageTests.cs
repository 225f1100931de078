using Bunit;
using Microsoft.AspNetCore.Components.Forms;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>Finance uploads the provider's usage export and sees, per model and day, how Econeura's record differs.</summary>
public sealed class ReconciliationPageTests(PortalFixture fixture) : PortalComponentTest(fixture, "carmen", "es-ES")
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly DateOnly November3 = new(2026, 11, 3);

    /// <summary>Records a priced call as the dispatch job does, on the given local day.</summary>
    private async Task RecordAsync(DateOnly day, string model, int input, int output)
    {
        var id = await Fixture.RequestWithoutJobAsync(Ana, "neura-1", "analytics");
        await using var session = Fixture.Store.LightweightSession(Ana.TenantId);
        session.Events.Append(id, new CostRecorded(id, 1, "neura-1", "analytics", Ana.UserId, Ana.DisplayName, model, input, output, 0.001m,
            new DateOnly(2025, 1, 1), day, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
    }

    private IRenderedComponent<ReconciliationPage> Upload(string csv, string name = "usage.csv")
    {
        var page = Render<ReconciliationPage>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(csv, name));
        return page;
    }

    [Fact]
    public async Task OpenAIs_usage_export_is_set_against_the_record_per_model_and_day()
    {
        await RecordAsync(November3, "gpt-4o-mini", 1200, 300);
        await RecordAsync(November3, "gpt-4o-mini", 1200, 300);
        await RecordAsync(November3, "gpt-4o", 2000, 300);
        await RecordAsync(November3, "simulator", 50, 180);
        var export = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "tests", "Econeura.Portal.Tests", "FinOps", "openai-usage-export.csv"));

        var page = Upload(export);

        page.WaitForAssertion(() => Assert.Equal("2 de 3 días-modelo difieren.", page.Find("[data-testid=reconciliation-summary]").TextContent.Trim()));
        var rows = page.FindAll("[data-testid=reconciliation-row]")
            .Select(r => (r.GetAttribute("data-day"), r.GetAttribute("data-model"), Cell(r, "calls"), Cell(r, "input"), Cell(r, "output"))).ToList();
        Assert.Equal(
            [
                ("2026-11-03", "gpt-4o", "1 / 1 (0)", "2.000 / 2.000 (0)", "300 / 300 (0)"),
                ("2026-11-03", "gpt-4o-mini", "3 / 2 (-1)", "3.600 / 2.400 (-1.200)", "900 / 600 (-300)"),
                ("2026-11-04", "gpt-4o-mini", "1 / — (-1)", "100 / — (-100)", "20 / — (-20)"),
            ],
            rows);
    }

    private static string Cell(AngleSharp.Dom.IElement row, string testId) => row.QuerySelector($"[data-testid={testId}]")!.TextContent.Trim();

    [Fact]
    public void An_export_that_cannot_be_read_is_explained_line_by_line_in_the_readers_language()
    {
        var missing = Upload("date,model,requests,input_tokens\n2026-11-03,gpt-4o,1,10\n");
        missing.WaitForAssertion(() => Assert.Equal("Falta la columna «output_tokens» en la cabecera.", missing.Find("[data-testid=reconciliation-problems] li").TextContent.Trim()));

        var bad = Upload("date,model,requests,input_tokens,output_tokens\n2026-11-03,gpt-4o,1,10,5\n2026-11-04,gpt-4o,1,diez,5\n");
        bad.WaitForAssertion(() => Assert.Equal("Línea 3: «input_tokens» no es un número entero de cero o más.", bad.Find("[data-testid=reconciliation-problems] li").TextContent.Trim()));
        Assert.Empty(bad.FindAll("[data-testid=reconciliation-table]"));
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_unread()
    {
        var page = Upload("date,model,requests,input_tokens,output_tokens\n" + new string('x', ReconciliationPage.MaxMegabytes * 1024 * 1024));

        page.WaitForAssertion(() => Assert.Equal($"El archivo supera los {ReconciliationPage.MaxMegabytes} MB.", page.Find("[data-testid=reconciliation-problems] li").TextContent.Trim()));
    }
}
