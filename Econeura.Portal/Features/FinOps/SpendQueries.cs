using System.Runtime.CompilerServices;
using Npgsql;

namespace Econeura.Portal.Features.FinOps;

/// <summary>What finance filters spend by: a range of local days, and optionally one department and one agent.</summary>
public sealed record SpendFilter(DateOnly From, DateOnly To, string? Department = null, string? AgentId = null)
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
    IReadOnlyList<SpendLine> ByModel);

/// <summary>One row of the exported table: exactly the aggregates the dashboard sums.</summary>
public sealed record SpendRow(DateOnly Day, string Department, string AgentId, string UserName, string Model, long Calls, long InputTokens, long OutputTokens, decimal CostEur);

/// <summary>
/// Reads the pre-aggregated spend of one tenant. Every statement is bound to the tenant of the signed-in user; the
/// filter's department and agent are parameters, never text.
/// </summary>
public sealed class SpendQueries(NpgsqlDataSource database)
{
    private const string Where = """
        where tenant_id = @tenant and day between @from and @to
          and (@department::text is null or department = @department) and (@agent::text is null or agent_id = @agent)
        """;

    public async Task<SpendSummary> SummaryAsync(string tenantId, SpendFilter filter, CancellationToken cancellationToken = default)
    {
        await using var batch = database.CreateBatch();
        foreach (var sql in new[]
                 {
                     $"select day, sum(cost_eur), sum(calls) from {SpendProjection.Table} {Where} group by day order by day",
                     $"select department, department, sum(cost_eur), sum(calls) from {SpendProjection.Table} {Where} group by department order by 3 desc",
                     $"select agent_id, agent_id, sum(cost_eur), sum(calls) from {SpendProjection.Table} {Where} group by agent_id order by 3 desc",
                     $"select user_id, max(user_name), sum(cost_eur), sum(calls) from {SpendProjection.Table} {Where} group by user_id order by 3 desc",
                     $"select model, model, sum(cost_eur), sum(calls) from {SpendProjection.Table} {Where} group by model order by 3 desc",
                 })
        {
            var command = new NpgsqlBatchCommand(sql);
            Bind(command.Parameters, tenantId, filter);
            batch.BatchCommands.Add(command);
        }
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var daily = new List<DailySpend>();
        while (await reader.ReadAsync(cancellationToken)) daily.Add(new DailySpend(reader.GetFieldValue<DateOnly>(0), reader.GetDecimal(1), reader.GetInt64(2)));
        var groups = new List<IReadOnlyList<SpendLine>>();
        for (var group = 0; group < 4; group++)
        {
            await reader.NextResultAsync(cancellationToken);
            var lines = new List<SpendLine>();
            while (await reader.ReadAsync(cancellationToken)) lines.Add(new SpendLine(reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetInt64(3)));
            groups.Add(lines);
        }
        return new SpendSummary(daily.Sum(d => d.CostEur), daily.Sum(d => d.Calls), daily, groups[0], groups[1], groups[2], groups[3]);
    }

    /// <summary>Spend of each budget scope (the tenant, and each department) over a range of days.</summary>
    public async Task<IReadOnlyDictionary<string, decimal>> SpentByScopeAsync(string tenantId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            $"select department, sum(cost_eur) from {SpendProjection.Table} where tenant_id = @tenant and day between @from and @to group by department");
        Bind(command.Parameters, tenantId, new SpendFilter(from, to));
        var spent = new Dictionary<string, decimal> { [Econeura.Domain.FinOps.BudgetRule.TenantScope] = 0m };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            spent[reader.GetString(0)] = reader.GetDecimal(1);
            spent[Econeura.Domain.FinOps.BudgetRule.TenantScope] += reader.GetDecimal(1);
        }
        return spent;
    }

    /// <summary>The tenants that spent anything in a range: the ones whose budgets a periodic check must look at.</summary>
    public async Task<IReadOnlyList<string>> TenantsWithSpendAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"select distinct tenant_id from {SpendProjection.Table} where day between @from and @to");
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        var tenants = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) tenants.Add(reader.GetString(0));
        return tenants;
    }

    /// <summary>The rows behind a summary, streamed in a stable order, for the export.</summary>
    public async IAsyncEnumerable<SpendRow> RowsAsync(string tenantId, SpendFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            $"""
            select day, department, agent_id, user_name, model, calls, input_tokens, output_tokens, cost_eur
            from {SpendProjection.Table} {Where} order by day, department, agent_id, user_name, model
            """);
        Bind(command.Parameters, tenantId, filter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return new SpendRow(reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt32(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetDecimal(8));
    }

    private static void Bind(NpgsqlParameterCollection parameters, string tenantId, SpendFilter filter)
    {
        parameters.AddWithValue("tenant", tenantId);
        parameters.AddWithValue("from", filter.From);
        parameters.AddWithValue("to", filter.To);
        parameters.AddWithValue("department", NpgsqlTypes.NpgsqlDbType.Text, (object?)filter.Department ?? DBNull.Value);
        parameters.AddWithValue("agent", NpgsqlTypes.NpgsqlDbType.Text, (object?)filter.AgentId ?? DBNull.Value);
    }
}
