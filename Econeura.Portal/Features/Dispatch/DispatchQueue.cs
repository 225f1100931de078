using Npgsql;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Econeura.Portal.Features.Dispatch;

/// <param name="Ahead">Ready executions of the same tenant that wait longer.</param>
/// <param name="EstimatedWait">About how long until its turn.</param>
public sealed record QueuePlace(int Ahead, TimeSpan EstimatedWait);

/// <summary>How many executions of one tenant wait for a worker, and since when the oldest.</summary>
public sealed record TenantBacklog(string TenantId, int Queued, TimeSpan OldestWait);

/// <summary>One piece of work handed to a worker.</summary>
public sealed record HandedWork(string TenantId, Guid ExecutionId, string? TraceParent);

/// <summary>
/// The dispatch outbox: one row per piece of work that is ready to run or running, written by the feature that owns
/// the work in the very commit that made it ready (executions: <c>DispatchQueueProjection</c>, on a launch, an
/// approval, a retry, a failed attempt with attempts left), so no work can be committed and never handed out. <see cref="Dispatcher"/> hands
/// rows to workers; the commit that ends the run deletes its row.
/// </summary>
public sealed class DispatchQueue(
    NpgsqlDataSource database, IOptions<DispatchOptions> options, IOptions<BackgroundJobOptions> backgroundJobs, TimeProvider time)
{
    public const string Table = "econeura.dispatch_queue";

    /// <summary>Held by the node handing out, for its transaction: two nodes never hand out the same row.</summary>
    public const string HandOutLock = "select pg_advisory_xact_lock(hashtextextended('econeura-dispatch', 0));";

    /// <summary>A handed row whose worker has not started it by then is handed again (its job was lost with a process).</summary>
    public static readonly TimeSpan HandoffTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a handoff whose worker has not started the call counts as a busy worker (and against its tenant's share):
    /// past it, the job is waiting out a failure in Hangfire's retry schedule (a database outage, say), not holding a
    /// worker, and must not hold back the tenant's other work.
    /// </summary>
    private static readonly TimeSpan HandoffCounted = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan TypicalCall = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetryAfter = TimeSpan.FromSeconds(60);

    public static IEnumerable<ISchemaObject> Schema()
    {
        var table = new Table(new PostgresqlObjectName("econeura", "dispatch_queue", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("tenant_id").NotNull().AsPrimaryKey();
        table.AddColumn<Guid>("execution_id").NotNull().AsPrimaryKey();
        // When it became ready (its place in the tenant's line) and when it may run (later after a failed attempt).
        table.AddColumn<DateTimeOffset>("ready_at").NotNull();
        table.AddColumn<DateTimeOffset>("due_at").NotNull();
        table.AddColumn<DateTimeOffset>("handed_at");
        table.AddColumn<DateTimeOffset>("dispatched_at");
        // Until when the call under way is its worker's: past it, the work is handed out again.
        table.AddColumn<DateTimeOffset>("lease_until");
        table.AddColumn<string>("dispatched_node");
        table.AddColumn<string>("trace_parent");
        table.Indexes.Add(new IndexDefinition("ix_dispatch_queue_due") { Columns = ["due_at"] });
        yield return table;
    }

    /// <summary>Agent calls one tenant may have handed out at once; 0: no fixed cap, only the fair share.</summary>
    public int Cap => options.Value.PerTenantInFlight ?? 0;

    /// <summary>
    /// Marks due work as handed out and returns it, as many as <paramref name="workers"/> leaves free and taking turns
    /// between tenants: each free worker goes to the tenant with the fewest calls in flight (then the oldest ready
    /// work), so a tenant alone may use every worker while one tenant's burst never fills the workers' queue ahead of
    /// another tenant's request. Work beyond the free workers stays here, in the order it will get them. One node hands
    /// out at a time (a transaction lock), so two nodes never hand the same row.
    /// </summary>
    /// <param name="workers">Workers of every living node (<see cref="PortalNodes"/>).</param>
    public async Task<IReadOnlyList<HandedWork>> HandOutAsync(int workers, int most, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            {HandOutLock}
            with in_flight as (
                select tenant_id, count(*) as calls from {Table}
                where dispatched_at is not null or handed_at > @handed_since
                group by tenant_id),
            ready as (
                select tenant_id, execution_id, ready_at,
                       row_number() over (partition by tenant_id order by ready_at, execution_id) as turn
                from {Table} where handed_at is null and due_at <= @now),
            picked as (
                select r.tenant_id, r.execution_id from ready r left join in_flight f using (tenant_id)
                where @cap <= 0 or r.turn <= @cap - coalesce(f.calls, 0)
                order by coalesce(f.calls, 0) + r.turn, r.ready_at
                limit least(@most, greatest(0, @workers - (select coalesce(sum(calls), 0) from in_flight))))
            update {Table} q set handed_at = @now
            from picked where q.tenant_id = picked.tenant_id and q.execution_id = picked.execution_id
            returning q.tenant_id, q.execution_id, q.trace_parent;
            """, connection, transaction);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("cap", Cap);
        command.Parameters.AddWithValue("handed_since", time.GetUtcNow() - HandoffCounted);
        command.Parameters.AddWithValue("workers", workers);
        command.Parameters.AddWithValue("most", most);
        var handed = new List<HandedWork>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            // The first result is the lock's.
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                handed.Add(new HandedWork(reader.GetString(0), reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }
        await transaction.CommitAsync(cancellationToken);
        return handed;
    }

    /// <summary>
    /// Makes ready again what a lost process held: a row handed out whose worker never started it, and a call under way
    /// on a node that is not among the living or past its lease. Its new worker makes the same attempt again (the
    /// domain's dispatch decision takes the call over and charges the lost one). Returns how many.
    /// </summary>
    public async Task<int> ResumeLostAsync(IReadOnlySet<string> aliveNodes, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var command = database.CreateCommand(
            $"""
            update {Table} set handed_at = null, dispatched_at = null, lease_until = null, dispatched_node = null, due_at = least(due_at, @now)
            where (handed_at < @handed_before and dispatched_at is null)
               or lease_until < @now
               or dispatched_node <> all(@alive)
            """);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("handed_before", now - HandoffTimeout);
        command.Parameters.AddWithValue("alive", aliveNodes.ToArray());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Work that is ready but has no row (committed before the queue existed) gets one, ready now; a row is never replaced.</summary>
    public async Task AdoptAsync(string tenantId, Guid executionId, DateTimeOffset readyAt, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"insert into {Table} (tenant_id, execution_id, ready_at, due_at) values (@tenant, @id, @ready, @ready) on conflict do nothing");
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("id", executionId);
        command.Parameters.AddWithValue("ready", readyAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>An admin asks for a new worker at once for work that waits or seems stuck: it is handed out again.</summary>
    public async Task HandAgainAsync(string tenantId, Guid executionId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"update {Table} set handed_at = null, due_at = least(due_at, @now) where tenant_id = @tenant and execution_id = @id and dispatched_at is null");
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("id", executionId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Where a ready execution stands: how many of its tenant's executions waiting for a worker became ready before it
    /// (all of them, for one not launched yet: <paramref name="readySince"/> null) and about how long until its turn.
    /// </summary>
    public async Task<QueuePlace> PlaceAsync(string tenantId, DateTimeOffset? readySince, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"select count(*) from {Table} where tenant_id = @tenant and dispatched_at is null and (@since::timestamptz is null or ready_at < @since)");
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.Add(new NpgsqlParameter("since", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)readySince ?? DBNull.Value });
        var ahead = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
        return new QueuePlace(ahead, DrainTime(ahead));
    }

    /// <summary>Null while the tenant's backlog has room for one more; else how many wait and about when to try again.</summary>
    public async Task<(int Queued, TimeSpan RetryAfter)?> BacklogFullAsync(string tenantId, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxQueuedPerTenant;
        if (limit <= 0) return null;
        var queued = (await PlaceAsync(tenantId, null, cancellationToken)).Ahead;
        if (queued < limit) return null;
        return (queued, TimeSpan.FromSeconds(Math.Min(LongestRetryAfter.TotalSeconds, DrainTime(queued - limit + 1).TotalSeconds)));
    }

    /// <summary>Every tenant with executions waiting for a worker.</summary>
    public async Task<IReadOnlyList<TenantBacklog>> BacklogsAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"select tenant_id, count(*), min(ready_at) from {Table} where dispatched_at is null group by tenant_id");
        var now = time.GetUtcNow();
        var backlogs = new List<TenantBacklog>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            backlogs.Add(new TenantBacklog(reader.GetString(0), Convert.ToInt32(reader.GetInt64(1)), now - reader.GetFieldValue<DateTimeOffset>(2)));
        return backlogs;
    }

    /// <summary>About how long the tenant's share of workers takes to work through <paramref name="executions"/> calls.</summary>
    private TimeSpan DrainTime(int executions)
    {
        var share = Math.Max(1, Cap > 0 ? Cap : backgroundJobs.Value.WorkerCount);
        return TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(executions * TypicalCall.TotalSeconds / share)));
    }
}
