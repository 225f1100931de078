namespace Econeura.Portal.Tests.Executions;

/// <summary>The list's address and how a page takes live changes, without a database.</summary>
public sealed class ExecutionPageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static ExecutionView Row(int minutesAgo, long version = 1, ExecutionStatus status = ExecutionStatus.Completed) =>
        new() { Id = Guid.CreateVersion7(Now.AddMinutes(-minutesAgo)), RequestedAt = Now.AddMinutes(-minutesAgo), Version = version, Status = status };

    private static ExecutionPage FullFirstPage(out List<ExecutionView> rows)
    {
        rows = [.. Enumerable.Range(1, ExecutionQueries.PageSize).Select(minutes => Row(minutes))];
        return new ExecutionPage(rows, 40, 1, ExecutionQueries.PageSize);
    }

    [Fact]
    public void A_new_execution_joins_the_top_of_the_newest_first_page_and_the_count()
    {
        var page = FullFirstPage(out var rows);
        var launched = Row(0);

        var after = page.With([launched], [launched], showsNewest: true);

        Assert.Equal(launched.Id, after.Rows[0].Id);
        Assert.Equal((ExecutionQueries.PageSize, 41), (after.Rows.Count, after.Total));
        Assert.DoesNotContain(rows[^1], after.Rows);
    }

    [Fact]
    public void A_row_takes_its_newer_copy_and_leaves_when_the_filters_no_longer_keep_it()
    {
        var page = FullFirstPage(out var rows);
        var completed = new ExecutionView { Id = rows[3].Id, RequestedAt = rows[3].RequestedAt, Version = 2, Status = ExecutionStatus.Failed };
        var stale = new ExecutionView { Id = rows[4].Id, RequestedAt = rows[4].RequestedAt, Version = 1, Status = ExecutionStatus.Failed };

        Assert.Same(completed, page.With([completed], [completed], showsNewest: true).Rows[3]);
        var left = page.With([completed], [], showsNewest: true);
        Assert.Equal((ExecutionQueries.PageSize - 1, 39), (left.Rows.Count, left.Total));
        Assert.Same(page, page.With([stale], [stale], showsNewest: true));
    }

    [Fact]
    public void Other_pages_and_orders_keep_their_rows_where_they_were_read()
    {
        var page = FullFirstPage(out _) with { Page = 2 };
        var launched = Row(0);

        Assert.Same(page, page.With([launched], [launched], showsNewest: false));
    }

    [Fact]
    public void An_older_row_that_changed_elsewhere_does_not_join_a_full_first_page()
    {
        var page = FullFirstPage(out _);
        var older = Row(600, version: 3);

        Assert.Same(page, page.With([older], [older], showsNewest: true));
    }

    [Fact]
    public void The_address_carries_filters_order_and_page_and_leaves_out_defaults_and_nonsense()
    {
        var query = new ExecutionListQuery
        {
            Search = "tesorería", Status = ExecutionStatus.AwaitingApproval, From = new(2026, 11, 1), To = new(2026, 11, 30),
            Sort = ExecutionSort.Agent, Descending = true, Page = 3,
        };
        var address = query.ToAddress();

        Assert.Equal(query, ExecutionListQuery.FromAddress(
            (string?)address["q"], (string?)address["status"], (string?)address["from"], (string?)address["to"],
            (string?)address["sort"], (string?)address["dir"], (string?)address["page"]));
        Assert.All(new ExecutionListQuery().ToAddress().Values, Assert.Null);
        Assert.Equal(new ExecutionListQuery(), ExecutionListQuery.FromAddress(" ", "Exploded", "31/11/2026", "yesterday", "price", "up", "-2"));
    }
}
