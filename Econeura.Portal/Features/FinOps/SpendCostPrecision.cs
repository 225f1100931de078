using System.Data.Common;
using Weasel.Core;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// Widens the spend tables' <c>cost_eur</c> from <c>numeric(18,4)</c>, which rounded every cost added to it, to the
/// unconstrained <c>numeric</c> of <see cref="SpendProjection.Schema"/>, in a database made before costs were exact.
/// Weasel compares column types without their precision, so it would never make this change itself; this object
/// checks the scale and, when one is there, alters the columns in the same migration (no rewrite: dropping a numeric
/// scale keeps every stored value).
/// </summary>
public sealed class SpendCostPrecision : ISchemaObject
{
    private static readonly string[] Tables = [SpendProjection.Detail, SpendProjection.Agents, SpendProjection.MonthlyUsers];

    public DbObjectName Identifier { get; } = new PostgresqlObjectName("econeura", "spend_cost_precision", SchemaUtils.IdentifierUsage.General);

    public void ConfigureQueryCommand(DbCommandBuilder builder) =>
        builder.Append($"""
            select count(*) from information_schema.columns
            where table_schema || '.' || table_name in ({string.Join(", ", Tables.Select(t => $"'{t}'"))})
              and column_name = 'cost_eur' and numeric_scale is not null;
            """);

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        var rounded = await reader.ReadAsync(ct) && reader.GetInt64(0) > 0;
        return new SchemaObjectDelta(this, rounded ? SchemaPatchDifference.Update : SchemaPatchDifference.None);
    }

    /// <summary>Written for an update (after the nothing of <see cref="WriteDropStatement"/>): the columns made exact.</summary>
    public void WriteCreateStatement(Migrator migrator, TextWriter writer)
    {
        foreach (var table in Tables) writer.WriteLine($"alter table {table} alter column cost_eur type numeric;");
    }

    /// <summary>Nothing to drop: the columns belong to the spend tables.</summary>
    public void WriteDropStatement(Migrator rules, TextWriter writer)
    {
    }

    public IEnumerable<DbObjectName> AllNames() => [];
}
