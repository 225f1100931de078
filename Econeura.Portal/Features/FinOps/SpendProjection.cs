using JasperFx.Events;
using Marten.Events.Projections;
using Weasel.Postgresql;

using Weasel.Postgresql.Tables;
using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// Keeps spend pre-aggregated in plain tables, inline: the rows are incremented in the very transaction that records
/// the cost, so dashboards always equal the sum of <see cref="CostRecorded"/> and never scan executions. Three grains,
/// each sized for the questions it answers:
/// <list type="bullet">
/// <item><c>spend_daily</c>: day × department × agent × user × cost centre × model, the full detail (the export, odd date ranges, one cost centre);</item>
/// <item><c>spend_daily_agents</c>: day × department × agent × model, about 40 rows a day (totals, days, departments, agents, models, budgets);</item>
/// <item><c>spend_monthly_users</c>: month × department × user × cost centre (who spends and which cost centres, over whole months).</item>
/// </list>
/// The cost centre is the requester's when the request was made (<see cref="CostRecorded.RequesterCostCentre"/>), an
/// empty text for none; rows written before it existed gained the column as none.
/// Each grain's row is split in <see cref="Shards"/> by the execution: concurrent costs of one agent on one day wait
/// for each other's row lock, and a single row made every completion of a busy agent queue behind the one before it
/// (the throughput benchmark measured 60 ms of waiting per execution). Readers sum over the shards; none is lost.
/// </summary>
public sealed partial class SpendProjection : EventProjection
{
    public const string Detail = "econeura.spend_daily";
    public const string Agents = "econeura.spend_daily_agents";
    public const string MonthlyUsers = "econeura.spend_monthly_users";

    /// <summary>Rows per key: enough that the workers of one process rarely meet on one (a power of two).</summary>
    public const int Shards = 16;

    public static IEnumerable<Table> Schema()
    {
        var detail = Table("spend_daily", [("day", "date"), ("department", "text"), ("agent_id", "text"), ("user_id", "text"), ("model", "text")],
            withUserName: true,
            withCostCentre: true);
        // The detail is read by day range, and for one agent or one department within it.
        detail.Indexes.Add(new IndexDefinition("ix_spend_daily_agent") { Columns = ["tenant_id", "agent_id", "day"] });
        detail.Indexes.Add(new IndexDefinition("ix_spend_daily_department") { Columns = ["tenant_id", "department", "day"] });
        yield return detail;
        yield return Table("spend_daily_agents", [("day", "date"), ("department", "text"), ("agent_id", "text"), ("model", "text")], withUserName: false,
            withCostCentre: false);
        yield return Table("spend_monthly_users", [("month", "date"), ("department", "text"), ("user_id", "text")], withUserName: true, withCostCentre: true);
    }

    private static Table Table(string name, (string Name, string Type)[] key, bool withUserName, bool withCostCentre)
    {
        var table = new Table(new PostgresqlObjectName("econeura", name, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("tenant_id").NotNull().AsPrimaryKey();
        foreach (var (column, type) in key) table.AddColumn(column, type).NotNull().AsPrimaryKey();
        // A default, so that a table made before cost centres gains the column with its rows as none.
        if (withCostCentre) table.AddColumn("cost_centre", "text").NotNull().DefaultValueByExpression("''").AsPrimaryKey();
        table.AddColumn("shard", "smallint").NotNull().DefaultValueByExpression("0").AsPrimaryKey();
        if (withUserName) table.AddColumn("user_name", "text").NotNull();
        // Unconstrained numeric: each cost is added exactly as recorded, so a sum is never off by a per-call rounding.
        table.AddColumn("cost_eur", "numeric").NotNull();
        table.AddColumn<int>("calls").NotNull();
        table.AddColumn<long>("input_tokens").NotNull();
        table.AddColumn<long>("output_tokens").NotNull();
        return table;
    }

    private const string Sums = """
        cost_eur = t.cost_eur + excluded.cost_eur, calls = t.calls + 1,
        input_tokens = t.input_tokens + excluded.input_tokens, output_tokens = t.output_tokens + excluded.output_tokens
        """;

    public void Project(IEvent<CostRecorded> e, IDocumentOperations operations)
    {
        var cost = e.Data;
        var month = new DateOnly(cost.Day.Year, cost.Day.Month, 1);
        var shard = (short)(e.StreamId.GetHashCode() & (Shards - 1));
        var costCentre = cost.RequesterCostCentre ?? "";
        // One statement per command: a queued command carries one statement and its own parameters.
        operations.QueueSqlCommand(
            $"""
            insert into {Detail} as t (
                tenant_id, day, department, agent_id, user_id, cost_centre, model, shard, user_name, cost_eur, calls, input_tokens, output_tokens)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            on conflict (tenant_id, day, department, agent_id, user_id, model, cost_centre, shard) do update set {Sums}, user_name = excluded.user_name
            """,
            e.TenantId, cost.Day, cost.Department, cost.AgentId, cost.RequestedBy, costCentre, cost.Model, shard, cost.RequestedByName, cost.CostEur,
            (long)cost.InputTokens, (long)cost.OutputTokens);
        operations.QueueSqlCommand(
            $"""
            insert into {Agents} as t (tenant_id, day, department, agent_id, model, shard, cost_eur, calls, input_tokens, output_tokens)
            values (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            on conflict (tenant_id, day, department, agent_id, model, shard) do update set {Sums}
            """,
            e.TenantId, cost.Day, cost.Department, cost.AgentId, cost.Model, shard, cost.CostEur, (long)cost.InputTokens, (long)cost.OutputTokens);
        operations.QueueSqlCommand(
            $"""
            insert into {MonthlyUsers} as t (tenant_id, month, department, user_id, cost_centre, shard, user_name, cost_eur, calls, input_tokens, output_tokens)
            values (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            on conflict (tenant_id, month, department, user_id, cost_centre, shard) do update set {Sums}, user_name = excluded.user_name
            """,
            e.TenantId, month, cost.Department, cost.RequestedBy, costCentre, shard, cost.RequestedByName, cost.CostEur,
            (long)cost.InputTokens, (long)cost.OutputTokens);
    }
}
