using Econeura.Domain.FinOps;

namespace Econeura.Domain.Tests.FinOps;

public sealed class ReconciliationTests
{
    private static readonly DateOnly November3 = new(2026, 11, 3);

    [Fact]
    public void OpenAIs_usage_export_is_read_per_model_and_utc_day()
    {
        var export = UsageExportReader.Read("""
            start_time,end_time,start_time_iso,num_model_requests,model,input_tokens,output_tokens,input_cached_tokens
            1793664000,1793750400,2026-11-03T00:00:00+00:00,3,gpt-4o-mini-2024-07-18,3600,900,1024
            1793750400,1793836800,2026-11-04T00:00:00+00:00,1,"gpt-4o",100,20,0
            """);

        Assert.Empty(export.Problems);
        Assert.Equal([new ModelUsage(November3, "gpt-4o-mini-2024-07-18", 3, 3600, 900), new ModelUsage(November3.AddDays(1), "gpt-4o", 1, 100, 20)], export.Usage);
    }

    [Fact]
    public void Plain_names_with_semicolons_and_unix_seconds_are_read_too()
    {
        var export = UsageExportReader.Read("start_time;model;requests;input_tokens;output_tokens\r\n1793664000;gpt-4o;2;10;5\r\n");

        Assert.Equal([new ModelUsage(November3, "gpt-4o", 2, 10, 5)], export.Usage);
    }

    [Fact]
    public void An_export_that_cannot_be_read_names_each_problem_with_its_line_and_column_and_yields_nothing()
    {
        Assert.Equal([new UsageExportProblem(UsageExportError.MissingColumn, 1, "output_tokens")],
            UsageExportReader.Read("date,model,requests,input_tokens\n2026-11-03,gpt-4o,1,10\n").Problems);
        Assert.Equal([new UsageExportProblem(UsageExportError.Empty)], UsageExportReader.Read("date,model,requests,input_tokens,output_tokens\n").Problems);

        var bad = UsageExportReader.Read("date,model,requests,input_tokens,output_tokens\n2026-11-03,gpt-4o,1,10,5\n03/11/2026,,1,-4,5.5\n");

        Assert.Empty(bad.Usage);
        Assert.Equal(
            [
                new UsageExportProblem(UsageExportError.BadDay, 3, "date"),
                new UsageExportProblem(UsageExportError.BadNumber, 3, "input_tokens"),
                new UsageExportProblem(UsageExportError.BadNumber, 3, "output_tokens"),
                new UsageExportProblem(UsageExportError.NoModel, 3, "model"),
            ],
            bad.Problems);
    }

    [Fact]
    public void Each_model_and_day_shows_both_sides_and_the_difference_and_what_no_provider_bills_is_left_out()
    {
        var lines = Reconciliation.Compare(
            [
                new ModelUsage(November3, "gpt-4o-mini-2024-07-18", 2, 2400, 600),
                new ModelUsage(November3, "gpt-4o-mini-2024-07-18", 1, 1200, 300),
                new ModelUsage(November3, "gpt-4o-2024-08-06", 1, 2000, 300),
                new ModelUsage(November3.AddDays(1), "gpt-4o-mini", 1, 100, 20),
            ],
            [
                new ModelUsage(November3, "gpt-4o-mini", 2, 2400, 600),
                new ModelUsage(November3, "gpt-4o", 1, 2000, 300),
                new ModelUsage(November3, "simulator", 5, 500, 900),
                new ModelUsage(November3, PriceBook.WebhookKeyOf("neura-3"), 4, 40, 40),
            ]);

        Assert.Equal([(November3, "gpt-4o"), (November3, "gpt-4o-mini"), (November3.AddDays(1), "gpt-4o-mini")], lines.Select(l => (l.Day, l.Model)));
        Assert.True(lines[0].Agrees);
        Assert.Equal((-1L, -1200L, -300L), (lines[1].CallsDifference, lines[1].InputDifference, lines[1].OutputDifference));
        Assert.Null(lines[2].Recorded);
        Assert.Equal(-1L, lines[2].CallsDifference);
    }
}
