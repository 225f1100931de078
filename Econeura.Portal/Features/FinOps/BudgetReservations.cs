using Npgsql;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;
using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

/// <summary>A budget a launch reserves against, and whether a lack of room refuses the launch.</summary>
/// <param name="Enforced">
/// A budget that blocks at its limit always refuses; one that asks for approval refuses only a launch that would skip
/// the approval, so that the launcher decides again, now seeing the room taken.
/// </param>
public sealed record BudgetClaim(string Scope, decimal LimitEur, bool Enforced);

/// <summary>A launch refused at its commit: between screening and commit, other launches took the room it needed.</summary>
public sealed class BudgetRoomTakenException(string scope, Exception inner) : Exception($"The {scope} budget has no room left for this request.", inner)
{
    public string Scope { get; } = scope;
}

/// <summary>
/// Money promised to runs accepted and not yet ended. A launch reserves its estimate against each budget it counts
/// against in the very transaction that opens its execution, after taking a lock per budget and month (across nodes:
/// it is PostgreSQL's) and checking <c>spent + reserved + estimate</c> against the limit, so two launches can never both
/// take the last room. The reservation is released in the transaction that ends the run
/// (<see cref="Release"/>, by Executions' <c>RunEndProjection</c>): settled by the recorded cost, or released by a failure, rejection,
/// expiry, cancellation or block. Nothing else writes it, so there is nothing to sweep.
/// </summary>
public sealed class BudgetReservations(NpgsqlDataSource database)
{
    public const string Table = "econeura.budget_reservations";
    private const string CheckFunction = "econeura.budget_room";

    /// <summary>The SQLSTATE the reservation raises when a budget has no room: a class of its own, no standard one.</summary>
    private const string NoRoom = "EB001";

    public static IEnumerable<ISchemaObject> Schema()
    {
        var table = new Table(new PostgresqlObjectName("econeura", "budget_reservations", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("tenant_id").NotNull().AsPrimaryKey();
        table.AddColumn<Guid>("execution_id").NotNull().AsPrimaryKey();
        table.AddColumn<string>("scope").NotNull().AsPrimaryKey();
        table.AddColumn<string>("month").NotNull();
        table.AddColumn("amount_eur", "numeric").NotNull();
        table.Indexes.Add(new IndexDefinition("ix_budget_reservations_month") { Columns = ["tenant_id", "scope", "month"] });
        yield return table;
        // Locks in the order given (the caller sorts the scopes), so two launches of one tenant never wait on each other
        // crosswise; answers the scopes to reserve, or raises when one that is enforced has no room. A scope is the tenant,
        // a department, or a person or an agent by prefix (BudgetScope); every value arrives as a parameter.
        // Written as PostgreSQL prints it back (pg_get_functiondef), so the schema check finds nothing to change.
        yield return Function.ForSql($$"""
            CREATE OR REPLACE FUNCTION {{CheckFunction}}(p_tenant text, p_month text, p_first date, p_last date, p_scopes text[], p_limits numeric[], p_enforced boolean[], p_amount numeric)
             RETURNS TABLE(r_scope text)
             LANGUAGE plpgsql
            AS $function$
            declare
                i int;
                v_committed numeric;
            begin
                for i in 1 .. coalesce(array_length(p_scopes, 1), 0) loop
                    perform pg_advisory_xact_lock(hashtextextended('budget|' || p_tenant || '|' || p_scopes[i] || '|' || p_month, 0));
                end loop;
                for i in 1 .. coalesce(array_length(p_scopes, 1), 0) loop
                    -- One statement, one snapshot: a run settling meanwhile is seen either as reserved or as spent, never as neither.
                    -- A person's spend is read from the monthly table (the agents' table has no person); the rest from the agents' table.
                    select coalesce(case when starts_with(p_scopes[i], '{{BudgetScope.PersonPrefix}}')
                                    then (select sum(u.cost_eur) from {{SpendProjection.MonthlyUsers}} u
                                          where u.tenant_id = p_tenant and u.month = p_first
                                            and u.user_id = substr(p_scopes[i], {{BudgetScope.PersonPrefix.Length + 1}}))
                                    else (select sum(s.cost_eur) from {{SpendProjection.Agents}} s
                                          where s.tenant_id = p_tenant and s.day between p_first and p_last
                                            and (p_scopes[i] = '{{BudgetRule.TenantScope}}' or s.department = p_scopes[i]
                                                 or '{{BudgetScope.AgentPrefix}}' || s.agent_id = p_scopes[i]))
                                    end, 0)
                         + coalesce((select sum(r.amount_eur) from {{Table}} r
                                     where r.tenant_id = p_tenant and r.scope = p_scopes[i] and r.month = p_month), 0)
                      into v_committed;
                    if p_enforced[i] and v_committed + p_amount > p_limits[i] then
                        raise exception using errcode = '{{NoRoom}}', message = p_scopes[i];
                    end if;
                    r_scope := p_scopes[i];
                    return next;
                end loop;
            end;
            $function$;
            """);
    }

    /// <summary>Queues the reservation in <paramref name="session"/>: it holds, or the whole commit fails with <see
    /// cref="BudgetRoomTakenException"/>.</summary>
    public static void Reserve(IDocumentSession session, string tenantId, Guid executionId, DateOnly today, decimal amountEur, IEnumerable<BudgetClaim> claims)
    {
        var sorted = claims.OrderBy(c => c.Scope, StringComparer.Ordinal).ToArray();
        var (first, last) = BudgetCalendar.DaysOf(BudgetCalendar.MonthOf(today));
        var month = BudgetCalendar.MonthOf(today);
        // An insert answers no rows, as the session's other commands expect; the function does the locking and the checking.
        session.QueueSqlCommand(
            $"""
            insert into {Table} (tenant_id, execution_id, scope, month, amount_eur)
            select ?, ?, r_scope, ?, ? from {CheckFunction}(?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (tenant_id, execution_id, scope) do nothing
            """,
            tenantId, executionId, month, amountEur,
            tenantId, month, first, last, sorted.Select(c => c.Scope).ToArray(), sorted.Select(c => c.LimitEur).ToArray(), sorted.Select(c
                => c.Enforced).ToArray(), amountEur);
    }

    /// <summary>Queues the release of a run's reservations, in the commit that ends the run.</summary>
    public static void Release(IDocumentOperations operations, string tenantId, Guid executionId) =>
        operations.QueueSqlCommand($"delete from {Table} where tenant_id = ? and execution_id = ?", tenantId, executionId);

    /// <summary>Saves the session, turning the reservation's refusal into a <see cref="BudgetRoomTakenException"/>.</summary>
    public static async Task SaveAsync(IDocumentSession session, CancellationToken cancellationToken)
    {
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (NoRoomIn(exception) is { } refusal)
        {
            throw new BudgetRoomTakenException(refusal.MessageText, exception);
        }
    }

    /// <summary>Runs a commit that reserves; null when a budget had no room left for it (nothing was written).</summary>
    public static async Task<T?> UnlessRoomTakenAsync<T>(Func<Task<T>> commit) where T : class
    {
        try
        {
            return await commit();
        }
        catch (Exception exception) when (NoRoomIn(exception) is not null)
        {
            return null;
        }
    }

    /// <summary>What the tenant's runs under way hold this month, by budget scope.</summary>
    public async Task<IReadOnlyDictionary<string, decimal>> ReservedByScopeAsync(string tenantId, string month, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            $"select scope, sum(amount_eur) from {Table} where tenant_id = @tenant and month = @month group by scope");
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("month", month);
        var reserved = new Dictionary<string, decimal>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) reserved[reader.GetString(0)] = reader.GetDecimal(1);
        return reserved;
    }

    private static PostgresException? NoRoomIn(Exception? exception) =>
        exception switch
        {
            null => null,
            PostgresException { SqlState: NoRoom } refusal => refusal,
            _ => NoRoomIn(exception.InnerException),
        };
}
