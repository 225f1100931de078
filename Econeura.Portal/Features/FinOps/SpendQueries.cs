using System.Runtime.CompilerServices;
using Npgsql;
using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

/// <summary>What finance filters spend by: a range of local days, and optionally one department, one agent and one cost centre.</summary>
public sealed record SpendFilter(DateOnly From, DateOnly To, string? Department = null, string? AgentId = null, string? CostCentre = null)
{
    public const int MaxDays = 400;

    public IReadOnlyDictionary<string, string[]> Problems()
    {
        var problems = new Dictionary<string, string[]>();
        if (To < From) problems["to"] = ["The range ends before it starts."];
        else if (To.DayNumber - From.DayNumber >= MaxDays) problems["to"] = [$"At most {MaxDays} days."];
        return problems;
    }
}

public sealed record SpendLine(string Key, string Label, decimal CostEur, long Calls);

public sealed record DailySpend(DateOnly Day, decimal CostEur, long Calls);

/// <summary>Everything the dashboard shows for one filter, read in one round trip.</summary>
public sealed record SpendSummary(
    decimal TotalEur,
    long Calls,
    IReadOnlyList<DailySpend> Daily,
    IReadOnlyList<SpendLine> ByDepartment,
    IReadOnlyList<SpendLine> ByAgent,
    IReadOnlyList<SpendLine> ByUser,
    IReadOnlyList<SpendLine> ByModel,
    IReadOnlyList<SpendLine> ByCostCentre);

/// <summary>A month's spend and the people who spent it: what one person costs on average that month.</summary>
public sealed record MonthlyPeopleSpend(DateOnly Month, decimal CostEur, int People)
{
    public decimal? PerPersonEur => People == 0 ? null : CostEur / People;
}

/// <summary>One local day's spend of a department (its id) or an agent (<see cref="BudgetScope.Agent"/>).</summary>
public sealed record ScopeDaySpend(string Scope, DateOnly Day, decimal CostEur);

/// <summary>One row of the exported table: exactly the aggregates the dashboard sums. <see cref="CostCentre"/> is empty for none.</summary>
public sealed record SpendRow(
    DateOnly Day, string Department, string AgentId, string UserName, string Model, long Calls, long InputTokens, long OutputTokens, decimal CostEur,
    string CostCentre);

/// <summary>
/// Reads the pre-aggregated spend of one tenant (see <see cref="SpendProjection"/> for its three grains). Every
/// statement is bound to the tenant of the signed-in user; the filter's department, agent and cost centre are parameters,
/// never text. Spend of no cost centre is keyed by an empty text.
/// </summary>
public sealed class SpendQueries(NpgsqlDataSource database)
{
    private const string Filters = """
        tenant_id = @tenant and (@department::text is null or department = @department) and (@agent::text is null or agent_id = @agent)
        """;

    /// <summary>Only the tables with people in them know the cost centre (the detail, and the monthly people).</summary>
    private const string CostCentreFilter = " and (@costCentre::text is null or cost_centre = @costCentre)";

    /// <param name="today">The tenant's local today: a month is read whole from the monthly table once the range covers it up to today.</param>
    public async Task<SpendSummary> SummaryAsync(string tenantId, SpendFilter filter, DateOnly today, CancellationToken cancellationToken = default)
    {
        // The monthly table has no agent: filtered by agent, the detail answers for the whole range (one agent's rows are few).
        // No whole months is an empty interval, from after to (the range's own ends are not one when it is a single day).
        var (wholeFrom, wholeTo) = filter.AgentId is null ? WholeMonths(filter, today) : (filter.To.AddDays(1), filter.From);
        // The days outside the whole months: before them and after them (everything, when there are none).
        var (headTo, tailFrom) = wholeFrom <= wholeTo ? (wholeFrom.AddDays(-1), wholeTo.AddMonths(1)) : (filter.To, filter.To.AddDays(1));
        await using var batch = database.CreateBatch();
        // One pass answers four questions at once: over the agents table, or for one cost centre over its rows of the detail.
        var (days, daysFilter) = filter.CostCentre is null ? (SpendProjection.Agents, Filters) : (SpendProjection.Detail, Filters + CostCentreFilter);
        Add(batch, tenantId, filter, $"""
            select grouping(day), grouping(department), grouping(agent_id), day, department, agent_id, model, sum(cost_eur), sum(calls)::bigint
            from {days} where {daysFilter} and day between @from and @to
            group by grouping sets ((day), (department), (agent_id), (model))
            """);
        // People and cost centres: whole months from the monthly table, the days around them from the detail; only the parts there are.
        var parts = new List<string>();
        const string columns = "select user_id, user_name, cost_centre, cost_eur, calls";
        if (wholeFrom <= wholeTo)
            parts.Add($"{columns} from {SpendProjection.MonthlyUsers} where tenant_id = @tenant" +
                $" and (@department::text is null or department = @department){CostCentreFilter} and month between @wholeFrom and @wholeTo");
        if (filter.From <= headTo)
            parts.Add($"{columns} from {SpendProjection.Detail} where {Filters}{CostCentreFilter} and day between @from and @headTo");
        if (tailFrom <= filter.To)
            parts.Add($"{columns} from {SpendProjection.Detail} where {Filters}{CostCentreFilter} and day between @tailFrom and @to");
        Add(batch, tenantId, filter, $"""
            select grouping(user_id), user_id, max(user_name), cost_centre, sum(cost_eur), sum(calls)::bigint from ({string.Join(" union all ", parts)}) spend
            group by grouping sets ((user_id), (cost_centre)) order by 5 desc
            """, ("wholeFrom", wholeFrom), ("wholeTo", wholeTo), ("headTo", headTo), ("tailFrom", tailFrom));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var daily = new List<DailySpend>();
        var (departments, agents, models) = (new List<SpendLine>(), new List<SpendLine>(), new List<SpendLine>());
        while (await reader.ReadAsync(cancellationToken))
        {
            var (cost, calls) = (reader.GetDecimal(7), reader.GetInt64(8));
            if (reader.GetInt32(0) == 0) daily.Add(new DailySpend(reader.GetFieldValue<DateOnly>(3), cost, calls));
            else if (reader.GetInt32(1) == 0) departments.Add(new SpendLine(reader.GetString(4), reader.GetString(4), cost, calls));
            else if (reader.GetInt32(2) == 0) agents.Add(new SpendLine(reader.GetString(5), reader.GetString(5), cost, calls));
            else models.Add(new SpendLine(reader.GetString(6), reader.GetString(6), cost, calls));
        }
        await reader.NextResultAsync(cancellationToken);
        var (people, costCentres) = (new List<SpendLine>(), new List<SpendLine>());
        while (await reader.ReadAsync(cancellationToken))
        {
            var (cost, calls) = (reader.GetDecimal(4), reader.GetInt64(5));
            if (reader.GetInt32(0) == 0) people.Add(new SpendLine(reader.GetString(1), reader.GetString(2), cost, calls));
            else costCentres.Add(new SpendLine(reader.GetString(3), reader.GetString(3), cost, calls));
        }
        static List<SpendLine> Largest(List<SpendLine> lines) => [.. lines.OrderByDescending(l => l.CostEur)];
        return new SpendSummary(daily.Sum(d => d.CostEur), daily.Sum(d => d.Calls), [.. daily.OrderBy(d => d.Day)],
            Largest(departments), Largest(agents), people, Largest(models), costCentres);
    }

    /// <summary>
    /// The months the range covers completely (a month up to today counts: no cost is recorded for a later day), as
    /// first-of-month dates; an empty interval (from after to) when it covers none.
    /// </summary>
    public static (DateOnly From, DateOnly To) WholeMonths(SpendFilter filter, DateOnly today)
    {
        var first = new DateOnly(filter.From.Year, filter.From.Month, 1);
        if (first < filter.From) first = first.AddMonths(1);
        var last = new DateOnly(filter.To.Year, filter.To.Month, 1);
        var lastDay = last.AddMonths(1).AddDays(-1);
        if (filter.To < lastDay && filter.To < today) last = last.AddMonths(-1);
        return (first, last);
    }

    /// <summary>Spend of each budget scope over a range of days: the tenant, each department and each agent (<see cref="BudgetScope.Agent"/>).</summary>
    public async Task<IReadOnlyDictionary<string, decimal>> SpentByScopeAsync(string tenantId, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            $"""
            select grouping(department), department, agent_id, sum(cost_eur) from {SpendProjection.Agents}
            where tenant_id = @tenant and day between @from and @to group by grouping sets ((department), (agent_id))
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        var spent = new Dictionary<string, decimal> { [BudgetRule.TenantScope] = 0m };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetInt32(0) == 1)
            {
                spent[BudgetScope.Agent(reader.GetString(2))] = reader.GetDecimal(3);
                continue;
            }
            spent[reader.GetString(1)] = reader.GetDecimal(3);
            spent[BudgetRule.TenantScope] += reader.GetDecimal(3);
        }
        return spent;
    }

    /// <summary>The spend of each department and each agent on each day of a range (days without spend are not there).</summary>
    public async Task<IReadOnlyList<ScopeDaySpend>> DailyByScopeAsync(string tenantId, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            $"""
            select grouping(department), department, agent_id, day, sum(cost_eur) from {SpendProjection.Agents}
            where tenant_id = @tenant and day between @from and @to group by grouping sets ((day, department), (day, agent_id))
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        var spent = new List<ScopeDaySpend>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            spent.Add(new ScopeDaySpend(reader.GetInt32(0) == 0 ? reader.GetString(1) : BudgetScope.Agent(reader.GetString(2)),
                reader.GetFieldValue<DateOnly>(3), reader.GetDecimal(4)));
        return spent;
    }

    /// <summary>
    /// Month by month from <paramref name="fromMonth"/> to <paramref name="toMonth"/> (first days), optionally of one
    /// department: the spend and how many people spent it. A month without spend is there, with nothing.
    /// </summary>
    public async Task<IReadOnlyList<MonthlyPeopleSpend>> PeopleByMonthAsync(string tenantId, DateOnly fromMonth, DateOnly toMonth, string? department,
        CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            $"""
            select month, sum(cost_eur), count(distinct user_id)::int from {SpendProjection.MonthlyUsers}
            where tenant_id = @tenant and (@department::text is null or department = @department) and month between @from and @to group by month
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("from", fromMonth);
        command.Parameters.AddWithValue("to", toMonth);
        command.Parameters.AddWithValue("department", NpgsqlTypes.NpgsqlDbType.Text, (object?)department ?? DBNull.Value);
        var spent = new Dictionary<DateOnly, MonthlyPeopleSpend>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var month = reader.GetFieldValue<DateOnly>(0);
            spent[month] = new MonthlyPeopleSpend(month, reader.GetDecimal(1), reader.GetInt32(2));
        }
        var months = new List<MonthlyPeopleSpend>();
        for (var month = fromMonth; month <= toMonth; month = month.AddMonths(1)) months.Add(spent.GetValueOrDefault(month) ?? new(month, 0m, 0));
        return months;
    }

    /// <summary>
    /// What a month has spent of each budget: the tenant's, the departments' and the agents' always, and the people's
    /// among <paramref name="scopes"/> (read only for those: a tenant has many more people than budgets).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, decimal>> SpentInMonthAsync(string tenantId, string month, IEnumerable<string> scopes,
        CancellationToken cancellationToken = default)
    {
        var (first, last) = BudgetCalendar.DaysOf(month);
        var spent = new Dictionary<string, decimal>(await SpentByScopeAsync(tenantId, first, last, cancellationToken));
        var people = scopes.Select(BudgetScope.Parse).Where(s => s?.Kind == BudgetOwnerKind.Person).Select(s => s!.Value.Id).ToArray();
        if (people.Length == 0) return spent;
        await using var command = database.CreateCommand(
            $"""
            select user_id, sum(cost_eur) from {SpendProjection.MonthlyUsers}
            where tenant_id = @tenant and month = @month and user_id = any(@users) group by user_id
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("month", first);
        command.Parameters.AddWithValue("users", people);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) spent[BudgetScope.Person(reader.GetString(0))] = reader.GetDecimal(1);
        return spent;
    }

    /// <summary>What one person spent in a month (<c>yyyy-MM</c>), by the department of the agents they ran: whose budgets they spend from.</summary>
    public async Task<IReadOnlyDictionary<string, decimal>> PersonByDepartmentAsync(string tenantId, string userId, string month,
        CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            $"""
            select department, sum(cost_eur) from {SpendProjection.MonthlyUsers}
            where tenant_id = @tenant and month = @month and user_id = @user group by department
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("month", BudgetCalendar.DaysOf(month).First);
        command.Parameters.AddWithValue("user", userId);
        var spent = new Dictionary<string, decimal>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) spent[reader.GetString(0)] = reader.GetDecimal(1);
        return spent;
    }

    /// <summary>Everyone who has spent in the tenant, by name (one they spent under): the people finance picks from to give a budget.</summary>
    public async Task<IReadOnlyList<(string UserId, string Name)>> PeopleAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            $"select user_id, max(user_name) from {SpendProjection.MonthlyUsers} where tenant_id = @tenant group by user_id order by 2, 1");
        command.Parameters.AddWithValue("tenant", tenantId);
        var people = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) people.Add((reader.GetString(0), reader.GetString(1)));
        return people;
    }

    /// <summary>Every cost centre the tenant's spend was ever charged to (none aside), for finance to filter by.</summary>
    public async Task<IReadOnlyList<string>> CostCentresAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            $"select distinct cost_centre from {SpendProjection.MonthlyUsers} where tenant_id = @tenant and cost_centre <> '' order by 1");
        command.Parameters.AddWithValue("tenant", tenantId);
        var costCentres = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) costCentres.Add(reader.GetString(0));
        return costCentres;
    }

    /// <summary>The tenants that spent anything in a range: the ones whose budgets a periodic check must look at.</summary>
    public async Task<IReadOnlyList<string>> TenantsWithSpendAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"select distinct tenant_id from {SpendProjection.Agents} where day between @from and @to");
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        var tenants = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) tenants.Add(reader.GetString(0));
        return tenants;
    }

    /// <summary>Calls and tokens per model and day over a range of days: Econeura's side of a reconciliation.</summary>
    public async Task<IReadOnlyList<ModelUsage>> UsageByModelAsync(string tenantId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            $"""
            select day, model, sum(calls)::bigint, sum(input_tokens)::bigint, sum(output_tokens)::bigint
            from {SpendProjection.Agents} where tenant_id = @tenant and day between @from and @to group by day, model
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        var usage = new List<ModelUsage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            usage.Add(new ModelUsage(reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        return usage;
    }

    /// <summary>The rows behind a summary at full detail, streamed in a stable order, for the export.</summary>
    public async IAsyncEnumerable<SpendRow> RowsAsync(string tenantId, SpendFilter filter,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            $"""
            select day, department, agent_id, max(user_name), model, sum(calls)::int, sum(input_tokens)::bigint, sum(output_tokens)::bigint,
                   sum(cost_eur), cost_centre
            from {SpendProjection.Detail} where {Filters}{CostCentreFilter} and day between @from and @to
            group by day, department, agent_id, user_id, cost_centre, model order by day, department, agent_id, 4, cost_centre, model
            """);
        Bind(command.Parameters, tenantId, filter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return new SpendRow(reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt32(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetDecimal(8), reader.GetString(9));
    }

    private static void Add(NpgsqlBatch batch, string tenantId, SpendFilter filter, string sql, params (string Name, DateOnly Value)[] more)
    {
        var command = new NpgsqlBatchCommand(sql);
        Bind(command.Parameters, tenantId, filter);
        foreach (var (name, value) in more) command.Parameters.AddWithValue(name, value);
        batch.BatchCommands.Add(command);
    }

    private static void Bind(NpgsqlParameterCollection parameters, string tenantId, SpendFilter filter)
    {
        parameters.AddWithValue("tenant", tenantId);
        parameters.AddWithValue("from", filter.From);
        parameters.AddWithValue("to", filter.To);
        parameters.AddWithValue("department", NpgsqlTypes.NpgsqlDbType.Text, (object?)filter.Department ?? DBNull.Value);
        parameters.AddWithValue("agent", NpgsqlTypes.NpgsqlDbType.Text, (object?)filter.AgentId ?? DBNull.Value);
        parameters.AddWithValue("costCentre", NpgsqlTypes.NpgsqlDbType.Text, (object?)filter.CostCentre ?? DBNull.Value);
    }
}
