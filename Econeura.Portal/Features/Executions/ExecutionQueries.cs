using Econeura.Domain.Executions;
using Econeura.Portal.Features.Agents;

namespace Econeura.Portal.Features.Executions;

/// <summary>What a user may read: their own executions, or the whole tenant's for admins. Tenancy itself is Marten's.</summary>
public sealed class ExecutionQueries(IDocumentStore store)
{
    public const int PageSize = 25;

    /// <summary>How many executions the API's list returns, newest first.</summary>
    public const int ApiListSize = 100;

    public async Task<ExecutionPage> PageAsync(
        PortalUser user, ExecutionListQuery query, AgentNames agents, TimeZoneInfo zone, int pageSize = PageSize, CancellationToken cancellationToken = default)
    {
        if (query.SearchTooLong) return new ExecutionPage([], 0, 1, pageSize);
        await using var session = store.QuerySession(user.TenantId);
        var matching = Matching(session.Query<ExecutionView>(), user, query, agents, zone);
        var total = await matching.CountAsync(cancellationToken);
        // A page past the end (an old link, or fewer rows since) shows the last one.
        var page = Math.Clamp(query.Page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        // The page's ids first, from the indexes alone however deep the page; then its 25 documents.
        var ids = await Ordered(matching, query, agents).Select(x => x.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var rows = (await session.LoadManyAsync<ExecutionView>(cancellationToken, ids)).ToDictionary(row => row.Id);
        return new ExecutionPage([.. ids.Where(rows.ContainsKey).Select(id => AsSeenBy(user, rows[id]))], total, page, pageSize);
    }

    /// <summary>
    /// The user's own executions, newest first, whatever their role (an admin's list holds the tenant's): what the home
    /// page calls "mine". With <paramref name="failedSince"/>, only those that failed since then.
    /// </summary>
    public async Task<ExecutionPage> OwnAsync(PortalUser user, int count, DateTimeOffset? failedSince = null, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(user.TenantId);
        var own = Own(session.Query<ExecutionView>(), user, failedSince);
        var total = await own.CountAsync(cancellationToken);
        var rows = await own.OrderByDescending(x => x.RequestedAt).ThenByDescending(x => x.Id).Take(count).ToListAsync(cancellationToken);
        return new ExecutionPage(rows, total, 1, count);
    }

    /// <summary>The rule of <see cref="OwnAsync"/>, in PostgreSQL and, for a live page's changed rows, in memory.</summary>
    public static IQueryable<ExecutionView> Own(IQueryable<ExecutionView> rows, PortalUser user, DateTimeOffset? failedSince = null)
    {
        rows = rows.Where(x => x.RequestedBy == user.UserId);
        if (failedSince is { } since) rows = rows.Where(x => x.Status == ExecutionStatus.Failed && x.LastChangedAt >= since);
        return rows;
    }

    public async Task<ExecutionView?> FindAsync(PortalUser user, Guid executionId, CancellationToken cancellationToken = default) =>
        await store.LoadAsync<ExecutionView>(user.TenantId, executionId, cancellationToken) is { } view && CanSee(user, view) ? AsSeenBy(user, view) : null;

    /// <summary>The execution behind an approval request; the caller has already checked the user may see that request.</summary>
    public Task<ExecutionView?> ForApprovalAsync(string tenantId, Guid executionId, CancellationToken cancellationToken = default) =>
        store.LoadAsync<ExecutionView>(tenantId, executionId, cancellationToken);

    public static bool CanSee(PortalUser user, ExecutionView view) => user.IsAdmin || view.RequestedBy == user.UserId;

    /// <summary>
    /// A turn of someone else's conversation, as an admin sees it: its agent, requester, times, cost and status, not
    /// what was said. A conversation is its owner's.
    /// </summary>
    public static ExecutionView AsSeenBy(PortalUser user, ExecutionView view) =>
        view.ConversationId is not null && view.RequestedBy != user.UserId ? view.WithoutContent() : view;

    /// <summary>
    /// The executions the user may see that the query's filters keep. The same expressions filter in PostgreSQL and, for
    /// the live list, in memory (<c>rows.AsQueryable()</c>), so a changed row joins a page by the rules that chose the page.
    /// </summary>
    public static IQueryable<ExecutionView> Matching(IQueryable<ExecutionView> rows, PortalUser user, ExecutionListQuery query, AgentNames agents,
        TimeZoneInfo zone)
    {
        if (!user.IsAdmin) rows = rows.Where(x => x.RequestedBy == user.UserId);
        if (query.Status is { } status) rows = rows.Where(x => x.Status == status);
        if (query.AgentId is { } agentId) rows = rows.Where(x => x.AgentId == agentId);
        if (query.From is { } from)
        {
            var start = StartOf(from, zone);
            rows = rows.Where(x => x.RequestedAt >= start);
        }
        if (query.To is { } to)
        {
            var end = StartOf(to.AddDays(1), zone);
            rows = rows.Where(x => x.RequestedAt < end);
        }
        var userId = user.UserId;
        foreach (var word in SearchText.Words(query.Search))
        {
            // Each word somewhere: the catalog finds agents in either language and without accents; names and the redacted
            // text, in and out, match regardless of case (ILIKE, its wildcards escaped). Only redacted text is ever kept.
            // What was said in someone else's conversation is theirs: an admin's search does not read it (AsSeenBy).
            var agentIds = agents.IdsMatching(word).ToArray();
            rows = rows.Where(x => agentIds.Contains(x.AgentId) || x.RequestedByName.Contains(word, StringComparison.OrdinalIgnoreCase)
                || ((x.ConversationId == null || x.RequestedBy == userId)
                    && (x.RedactedInput.Contains(word, StringComparison.OrdinalIgnoreCase)
                        || (x.Output != null && x.Output.Contains(word, StringComparison.OrdinalIgnoreCase)))));
        }
        return rows;
    }

    /// <summary>Ties are broken newest first, then by id, so that pages never share or skip a row.</summary>
    private static IQueryable<ExecutionView> Ordered(IQueryable<ExecutionView> rows, ExecutionListQuery query, AgentNames agents)
    {
        // The columns of ExecutionListColumns, so the order is read from its indexes.
        const string newestFirst = "d.requested_at desc, d.id desc";
        var direction = query.Descending ? "desc" : "asc";
        return query.Sort switch
        {
            // By the names the reader sees: the catalog's order in their language; agents it no longer has come last.
            ExecutionSort.Agent => rows.OrderBySql(
                $"array_position({TextArray(agents.IdsInNameOrder)}, d.agent_id) {direction} nulls last, d.agent_id {direction}, {newestFirst}"),
            ExecutionSort.Status => (query.Descending ? rows.OrderByDescending(x => x.Status) : rows.OrderBy(x => x.Status))
                .ThenByDescending(x => x.RequestedAt).ThenByDescending(x => x.Id),
            // Executions not priced yet come last either way.
            ExecutionSort.Cost => rows.OrderBySql($"d.cost_eur {direction} nulls last, {newestFirst}"),
            _ => query.Descending ? rows.OrderByDescending(x => x.RequestedAt).ThenByDescending(x => x.Id) : rows.OrderBy(x => x.RequestedAt).ThenBy(x => x.Id),
        };
    }

    /// <summary>A SQL array literal of catalog ids; quotes are doubled, so an id can only ever be a string in it.</summary>
    private static string TextArray(IEnumerable<string> values) =>
        $"ARRAY[{string.Join(",", values.Select(v => $"'{v.Replace("'", "''", StringComparison.Ordinal)}'"))}]::text[]";

    /// <summary>Midnight of <paramref name="day"/> in <paramref name="zone"/>, in UTC (the only offset PostgreSQL takes).</summary>
    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime();
    }
}
