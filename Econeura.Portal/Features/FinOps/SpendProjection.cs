using Econeura.Domain.FinOps;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// Keeps spend pre-aggregated per tenant × local day × department × agent × user × model in a plain table, inline: the
/// row is incremented in the very transaction that records the cost, so the dashboards always equal the sum of
/// <see cref="CostRecorded"/> and never scan executions. Concurrent costs on one row wait for each other's row lock.
/// </summary>
public sealed partial class SpendProjection : EventProjection
{
    public const string Table = "econeura.spend_daily";

    public static Table Schema()
    {
        var table = new Table(new PostgresqlObjectName("econeura", "spend_daily", Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("tenant_id").NotNull().AsPrimaryKey();
        table.AddColumn("day", "date").NotNull().AsPrimaryKey();
        table.AddColumn<string>("department").NotNull().AsPrimaryKey();
        table.AddColumn<string>("agent_id").NotNull().AsPrimaryKey();
        table.AddColumn<string>("user_id").NotNull().AsPrimaryKey();
        table.AddColumn<string>("model").NotNull().AsPrimaryKey();
        table.AddColumn<string>("user_name").NotNull();
        table.AddColumn("cost_eur", "numeric(18,4)").NotNull();
        table.AddColumn<int>("calls").NotNull();
        table.AddColumn<long>("input_tokens").NotNull();
        table.AddColumn<long>("output_tokens").NotNull();
        return table;
    }

    public void Project(IEvent<CostRecorded> e, IDocumentOperations operations)
    {
        var cost = e.Data;
        operations.QueueSqlCommand(
            $"""
            insert into {Table} as s (tenant_id, day, department, agent_id, user_id, model, user_name, cost_eur, calls, input_tokens, output_tokens)
            values (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            on conflict (tenant_id, day, department, agent_id, user_id, model) do update set
              cost_eur = s.cost_eur + excluded.cost_eur, calls = s.calls + 1, user_name = excluded.user_name,
              input_tokens = s.input_tokens + excluded.input_tokens, output_tokens = s.output_tokens + excluded.output_tokens
            """,
            e.TenantId, cost.Day, cost.Department, cost.AgentId, cost.RequestedBy, cost.Model, cost.RequestedByName,
            cost.CostEur, (long)cost.InputTokens, (long)cost.OutputTokens);
    }
}
