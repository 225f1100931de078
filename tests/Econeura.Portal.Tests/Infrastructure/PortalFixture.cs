using Econeura.Portal.Features.Dispatch;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Econeura.Portal.Tests.Infrastructure;

/// <summary>A fresh database and one portal node on it, shared by the tests of one class.</summary>
public class PortalFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = default!;
    public PortalFactory Portal { get; private set; } = default!;

    public IServiceProvider Services => Portal.Services;
    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected virtual PortalFactory CreatePortal(string connectionString) => new(connectionString, settings: Settings);

    /// <summary>
    /// Saves a requested execution whose work waits in the dispatch queue without ever coming due, so no worker is
    /// handed it: the test then plays the worker (or the dispatcher) itself. The dispatcher's own lock is held meanwhile,
    /// so it cannot hand the work out between the commit and the parking.
    /// </summary>
    public async Task<Guid> RequestWithoutJobAsync(PortalUser user, string agentId, string department, DateTimeOffset? requestedAt = null,
        string input = "Entrada de prueba", IReadOnlyList<Econeura.Domain.Dlp.Finding>? findings = null)
    {
        var id = Guid.CreateVersion7();
        await AppendWithoutJobAsync(user.TenantId, id, session => session.Events.StartStream(id, new ExecutionRequested(id, user.TenantId, agentId,
            agentId.ToUpperInvariant(), department, user.UserId, user.DisplayName, input, findings ?? [], $"corr-{id:N}", requestedAt ?? DateTimeOffset.UtcNow)));
        return id;
    }

    /// <summary>An execution whose three attempts all failed, as the dispatch job leaves one after an outage.</summary>
    public async Task<Guid> FailedExecutionAsync(PortalUser user, string agentId = "neura-1", string department = "analytics")
    {
        var id = await RequestWithoutJobAsync(user, agentId, department);
        var at = DateTimeOffset.UtcNow;
        await using var session = Store.LightweightSession(user.TenantId);
        for (var attempt = 1; attempt <= ExecutionDecisions.MaxAttempts; attempt++)
        {
            session.Events.Append(id, new ExecutionDispatched(id, attempt, $"job-{attempt}", at),
                new DispatchFailed(id, attempt, "503 from the agent", attempt < ExecutionDecisions.MaxAttempts, at));
        }
        session.Events.Append(id,
            new ExecutionFailed(id, "The agent failed 3 times; last error: 503 from the agent", at, FailureCause.AgentFailed, 3, "503 from the agent"));
        await session.SaveChangesAsync();
        return id;
    }

    /// <summary>Appends to an execution's stream the same way: work it puts in the dispatch queue never comes due.</summary>
    public async Task AppendWithoutJobAsync(string tenantId, Guid id, Action<IDocumentSession> append)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand(DispatchQueue.HandOutLock, connection, transaction)) await hold.ExecuteNonQueryAsync();
        await using (var session = Store.LightweightSession(tenantId))
        {
            append(session);
            await session.SaveChangesAsync();
        }
        await using (var park = new NpgsqlCommand($"update {DispatchQueue.Table} set due_at = 'infinity' where execution_id = @id", connection, transaction))
        {
            park.Parameters.AddWithValue("id", id);
            await park.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    /// <summary>Marks the execution's work as handed to a worker at <paramref name="at"/> whose job never started (or is about to).</summary>
    public async Task HandedAsync(Guid executionId, DateTimeOffset at)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"update {DispatchQueue.Table} set handed_at = @at, due_at = @at where execution_id = @id", connection);
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("id", executionId);
        await command.ExecuteNonQueryAsync();
    }

    public static PortalUser User(string persona) =>
        PortalUser.From(DevelopmentPersonas.Find(persona)!.Principal("test"))!;

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Portal = CreatePortal(Database.ConnectionString);
        Portal.StartServer(); // start the host: schema, Hangfire server, change listener
    }

    public virtual async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Database.DisposeAsync();
    }
}
