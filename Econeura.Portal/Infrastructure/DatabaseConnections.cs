using System.Data;
using Hangfire.PostgreSql;
using Npgsql;

namespace Econeura.Portal.Infrastructure;

/// <summary>How many connections each portal process may hold, and how many processes share the database (section <c>Database</c>).</summary>
public sealed class DatabaseConnectionOptions
{
    /// <summary>The pool of this process's requests and work: Marten's documents and events and plain SQL.</summary>
    public int MaxPoolSize { get; set; } = 30;

    /// <summary>
    /// The job server's own pool. Hangfire's storage is synchronous: sharing the pool above, an enqueue that waited for a
    /// connection blocked a thread, and a burst of launches starved the threads that would have committed and given
    /// connections back.
    /// </summary>
    public int JobStoragePoolSize { get; set; } = 10;

    /// <summary>Processes that share the database at most: together they must fit in what the server allows.</summary>
    public int Nodes { get; set; } = 2;

    /// <summary>How long a caller waits for a free connection of the pool (or to connect) before it fails: a burst queues here.</summary>
    public int ConnectionWaitSeconds { get; set; } = 15;

    /// <summary>Connections one process holds at most: its two pools and the change listener's.</summary>
    public int PerNode => MaxPoolSize + JobStoragePoolSize + 1;
}

/// <summary>
/// Two connection pools per process (its work, and the job storage), sized so that every process together stays within
/// the server's connections: three pools of up to 100 each (Marten's, the plain SQL one and Hangfire's) let a burst of
/// launches on two nodes open more connections than PostgreSQL allows, and the server's refusals answered 503. Now a
/// burst waits its turn for a connection.
/// </summary>
public static class DatabaseConnections
{
    public static void AddDatabaseConnections(this WebApplicationBuilder builder, string connectionString)
    {
        builder.Services.AddOptions<DatabaseConnectionOptions>().BindConfiguration("Database")
            .Validate(o => o.MaxPoolSize is >= 2 and <= 1000, "Database:MaxPoolSize must be between 2 and 1000.")
            .Validate(o => o.JobStoragePoolSize is >= 2 and <= 1000, "Database:JobStoragePoolSize must be between 2 and 1000.")
            .Validate(o => o.Nodes is >= 1 and <= 100, "Database:Nodes must be between 1 and 100.")
            .Validate(o => o.ConnectionWaitSeconds is >= 1 and <= 1024, "Database:ConnectionWaitSeconds must be between 1 and 1024.")
            .ValidateOnStart();
        NpgsqlDataSource Pool(IServiceProvider services, Func<DatabaseConnectionOptions, int> size)
        {
            var options = services.GetRequiredService<IOptions<DatabaseConnectionOptions>>().Value;
            return NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
            {
                MaxPoolSize = size(options),
                Timeout = options.ConnectionWaitSeconds,
            }.ConnectionString);
        }
        builder.Services.AddSingleton(services => Pool(services, o => o.MaxPoolSize));
        builder.Services.AddSingleton(services => new JobStorageConnections(
            Pool(services, o => o.JobStoragePoolSize), services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
        // Before the schema is applied: a process that would overdraw the server's connections does not start at all.
        builder.Services.AddHostedService<DatabaseCapacityCheck>();
    }

    /// <summary>Hangfire's connections, from the job storage's pool; a short outage is waited out, unless the process is stopping.</summary>
    public sealed class JobStorageConnections(NpgsqlDataSource database, CancellationToken stopping) : IConnectionFactory, IDisposable
    {
        public void Dispose() => database.Dispose();

        public NpgsqlConnection GetOrCreateConnection()
        {
            var connection = database.CreateConnection();
            DatabaseOutage.OpenWhenReachable(connection, stopping);
            return connection;
        }
    }
}

/// <summary>
/// Refuses to start a process when <c>Database:Nodes</c> processes of its size would need more connections than the
/// server gives this role on this database: better a clear message at start than 503s under the first burst.
/// </summary>
public sealed partial class DatabaseCapacityCheck(NpgsqlDataSource database, IOptions<DatabaseConnectionOptions> options, ILogger<DatabaseCapacityCheck> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // What the server leaves to ordinary roles, and the role's and the database's own limits (-1: none).
        await using var command = database.CreateCommand("""
            select current_setting('max_connections')::int
                   - current_setting('superuser_reserved_connections')::int
                   - coalesce(current_setting('reserved_connections', true)::int, 0),
                   (select rolconnlimit from pg_roles where rolname = current_user),
                   (select datconnlimit from pg_database where datname = current_database())
            """);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (server, role, databaseLimit) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        var allowed = new[] { server, role, databaseLimit }.Where(limit => limit >= 0).Min();
        var needed = settings.Nodes * settings.PerNode;
        if (needed > allowed)
            throw new InvalidOperationException(
                $"Database:Nodes ({settings.Nodes}) processes of Database:MaxPoolSize ({settings.MaxPoolSize}) + Database:JobStoragePoolSize " +
                $"({settings.JobStoragePoolSize}) connections and one listener each need {needed} " +
                $"connections, but PostgreSQL allows {allowed} (max_connections less reserved: {server}; this role: {Limit(role)}; " +
                $"this database: {Limit(databaseLimit)}). " +
                "Lower Database:MaxPoolSize or Database:Nodes, or raise max_connections (docs/architecture.md, Database connections).");
        LogCapacity(settings.Nodes, settings.PerNode, needed, allowed);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Limit(int limit) => limit < 0 ? "no limit" : limit.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database connections: {Nodes} nodes × {PerNode} = {Needed} of the {Allowed} PostgreSQL allows")]
    private partial void LogCapacity(int nodes, int perNode, int needed, int allowed);
}
