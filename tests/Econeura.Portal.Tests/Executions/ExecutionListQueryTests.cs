using System.Globalization;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Executions;

/// <summary>
/// Thirty-five finished executions of Contoso (thirty of Ana's, five of Bruno's) and three of Fabrikam, one a day from
/// 1 October 2026 at 23:30 UTC (half past one at night in Madrid, already the next day there).
/// </summary>
public sealed class ExecutionListFixture : PortalFixture
{
    public static readonly DateTimeOffset FirstAt = new(2026, 10, 1, 23, 30, 0, TimeSpan.Zero);
    public static readonly string[] Agents = ["cfo-invoicing", "cfo-purchasing", "cfo-treasury"];
    public static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        for (var day = 0; day < 35; day++)
            await FinishedAsync(User(day < 30 ? "ana" : "bruno"), Agents[day % 3], FirstAt.AddDays(day), completedFor: day % 2 == 0 ? 0.01m * (day + 1) : null);
        for (var day = 0; day < 3; day++)
            await FinishedAsync(User("elena"), "cfo-treasury", FirstAt.AddDays(day), completedFor: 1m);
    }

    /// <summary>Completed and priced, or cancelled: finished, so no job picks it up while the tests read.</summary>
    private async Task FinishedAsync(PortalUser user, string agentId, DateTimeOffset at, decimal? completedFor)
    {
        var id = Guid.CreateVersion7(at);
        var agent = AgentSeed.Load().Single(a => a.Id == agentId);
        await using var session = Store.LightweightSession(user.TenantId);
        session.Events.StartStream(id, new ExecutionRequested(id, user.TenantId, agentId, agent.Name, agent.Department, user.UserId, user.DisplayName,
            "Entrada de prueba", [], $"corr-{id:N}", at));
        if (completedFor is { } cost)
        {
            session.Events.Append(id, new CostRecorded(id, 1, agentId, agent.Department, user.UserId, user.DisplayName, agent.Model, 100, 100, cost,
                new DateOnly(2025, 1, 1), DateOnly.FromDateTime(at.UtcDateTime), at.AddSeconds(2)), new ExecutionCompleted(id, cost, at.AddSeconds(2)));
        }
        else
        {
            session.Events.Append(id, new ExecutionCancelled(id, user.DisplayName, at.AddSeconds(1)));
        }
        await session.SaveChangesAsync();
    }
}

public sealed class ExecutionListQueryTests(ExecutionListFixture fixture) : IClassFixture<ExecutionListFixture>
{
    private static readonly PortalUser Diego = PortalFixture.User("diego");
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly AgentNames Spanish = new(AgentSeed.Load(), new CultureInfo("es-ES"));
    private static readonly AgentNames English = new(AgentSeed.Load(), new CultureInfo("en-GB"));

    private Task<ExecutionPage> PageAsync(PortalUser user, ExecutionListQuery query, AgentNames? names = null) =>
        fixture.Service<ExecutionQueries>().PageAsync(user, query, names ?? Spanish, ExecutionListFixture.Madrid);

    [Fact]
    public async Task Pages_of_twenty_five_newest_first_cover_the_tenant_once_and_never_show_another_tenants_executions()
    {
        var first = await PageAsync(Diego, new ExecutionListQuery());
        var second = await PageAsync(Diego, new ExecutionListQuery { Page = 2 });

        Assert.Equal((1, 25, 35), (first.First, first.Last, first.Total));
        Assert.Equal((26, 35, false, true), (second.First, second.Last, second.HasNext, second.HasPrevious));
        var all = first.Rows.Concat(second.Rows).ToList();
        Assert.Equal(35, all.Select(r => r.Id).Distinct().Count());
        Assert.Equal(all.OrderByDescending(r => r.RequestedAt).Select(r => r.Id), all.Select(r => r.Id));
        Assert.All(all, row => Assert.Equal(Diego.TenantId, row.TenantId));
    }

    [Fact]
    public async Task A_user_without_the_admin_role_pages_through_their_own_executions_only()
    {
        var page = await PageAsync(Ana, new ExecutionListQuery { Page = 2 });

        Assert.Equal((26, 30, 30), (page.First, page.Last, page.Total));
        Assert.All(page.Rows, row => Assert.Equal(Ana.UserId, row.RequestedBy));
    }

    [Fact]
    public async Task Another_tenants_admin_sees_only_their_own_tenant()
    {
        var page = await PageAsync(PortalFixture.User("fabio"), new ExecutionListQuery());

        Assert.Equal(3, page.Total);
        Assert.All(page.Rows, row => Assert.Equal("Elena Ruiz", row.RequestedByName));
    }

    [Fact]
    public async Task The_date_range_is_made_of_the_readers_days_both_ends_included()
    {
        // 1 October 23:30 UTC is 2 October in Madrid.
        var firstOfOctober = await PageAsync(Diego, new ExecutionListQuery { From = new(2026, 10, 1), To = new(2026, 10, 1) });
        var secondToFourth = await PageAsync(Diego, new ExecutionListQuery { From = new(2026, 10, 2), To = new(2026, 10, 4) });

        Assert.Equal(0, firstOfOctober.Total);
        Assert.Equal(3, secondToFourth.Total);
        Assert.Equal(ExecutionListFixture.FirstAt, secondToFourth.Rows[^1].RequestedAt);
    }

    [Fact]
    public async Task Sorted_by_agent_the_order_is_that_of_the_names_in_the_readers_language()
    {
        var inSpanish = await PageAsync(Diego, new ExecutionListQuery { Sort = ExecutionSort.Agent, Descending = false, Page = 1 }, Spanish);
        var inEnglish = await PageAsync(Diego, new ExecutionListQuery { Sort = ExecutionSort.Agent, Descending = false, Page = 1 }, English);

        // Compras, Facturación, Tesorería; Invoicing, Purchasing, Treasury.
        Assert.Equal(["cfo-purchasing", "cfo-invoicing", "cfo-treasury"], inSpanish.Rows.Select(r => r.AgentId).Distinct());
        Assert.Equal(["cfo-invoicing", "cfo-purchasing", "cfo-treasury"], inEnglish.Rows.Select(r => r.AgentId).Distinct());
        // Within one agent, newest first.
        var purchases = inSpanish.Rows.Where(r => r.AgentId == "cfo-purchasing").Select(r => r.RequestedAt).ToList();
        Assert.Equal(purchases.OrderDescending(), purchases);
    }

    [Fact]
    public async Task Sorted_by_cost_the_dearest_come_first_and_those_without_a_cost_last()
    {
        var dearest = await PageAsync(Diego, new ExecutionListQuery { Sort = ExecutionSort.Cost });
        var last = await PageAsync(Diego, new ExecutionListQuery { Sort = ExecutionSort.Cost, Page = 2 });

        Assert.Equal(0.35m, dearest.Rows[0].CostEur);
        Assert.Equal(dearest.Rows.Where(r => r.CostEur is not null).Select(r => r.CostEur).OrderDescending(), dearest.Rows.Where(r => r.CostEur is not null).Select(r => r.CostEur));
        Assert.Null(last.Rows[^1].CostEur);
    }

    [Fact]
    public async Task The_status_filter_and_the_search_narrow_the_count_and_the_pages()
    {
        var cancelled = await PageAsync(Diego, new ExecutionListQuery { Status = ExecutionStatus.Cancelled });
        var treasury = await PageAsync(Diego, new ExecutionListQuery { Search = "tesoreria" });
        var bruno = await PageAsync(Diego, new ExecutionListQuery { Search = "bruno" });

        Assert.Equal(17, cancelled.Total);
        Assert.All(cancelled.Rows, row => Assert.Equal(ExecutionStatus.Cancelled, row.Status));
        Assert.Equal(11, treasury.Total);
        Assert.All(treasury.Rows, row => Assert.Equal("cfo-treasury", row.AgentId));
        Assert.Equal(5, bruno.Total);
    }

    [Fact]
    public async Task Filters_that_keep_nothing_give_an_empty_page_and_a_page_past_the_end_gives_the_last()
    {
        var nothing = await PageAsync(Diego, new ExecutionListQuery { Search = "nadie se llama así" });
        var pastTheEnd = await PageAsync(Diego, new ExecutionListQuery { Page = 9 });

        Assert.Equal((0, 0, 0), (nothing.Total, nothing.First, nothing.Rows.Count));
        Assert.Equal((2, 26, 35), (pastTheEnd.Page, pastTheEnd.First, pastTheEnd.Last));
    }

    [Fact]
    public async Task The_list_reads_indexes_that_start_with_the_tenant_and_the_schema_matches_the_configuration()
    {
        await using var command = fixture.Service<NpgsqlDataSource>().CreateCommand(
            "select indexname, indexdef from pg_indexes where tablename = 'mt_doc_executionview' and indexname like '%idx_tenant%'");
        var indexes = new Dictionary<string, string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) indexes[reader.GetString(0)] = reader.GetString(1);

        Assert.Equal(
            ["btree (tenant_id, agent_id, requested_at, id)", "btree (tenant_id, requested_at, id)", "btree (tenant_id, requested_by, requested_at, id)",
             "btree (tenant_id, status, requested_at, id)"],
            indexes.Values.Select(definition => definition[definition.IndexOf("btree", StringComparison.Ordinal)..]).Order());
        // Nothing to change at the next start: the indexes are not dropped and made again by every process.
        await fixture.Store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
    }
}
