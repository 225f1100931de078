using JasperFx.MultiTenancy;
using JasperFx.OpenTelemetry;
using Npgsql;

namespace Econeura.Portal.Infrastructure;

public static class Persistence
{
    public static string EconeuraConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString("Econeura") is { Length: > 0 } connectionString
            ? WithPreparedStatements(connectionString)
            : throw new InvalidOperationException(
                "ConnectionStrings:Econeura is not set. Start the portal with ./scripts/start.sh, which brings up a local PostgreSQL, " +
                "or point ConnectionStrings__Econeura at your own database.");

    /// <summary>
    /// Statements run again and again (Hangfire's, Marten's appends and upserts) are prepared once per connection
    /// rather than parsed and planned at each run: PostgreSQL spent as much CPU per execution as the portal, and the
    /// throughput benchmark went from 66 to 83 executions/s. A connection going back to the pool is not reset (four
    /// statements at each of some twenty returns per execution): nothing here leaves state on a session (no SET, no
    /// session-level advisory lock, no temporary table; Marten's schema lock is per transaction). A connection string
    /// that sets Max Auto Prepare is kept as it is.
    /// </summary>
    private static string WithPreparedStatements(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare > 0) return connectionString;
        builder.MaxAutoPrepare = 100;
        builder.AutoPrepareMinUsages = 2;
        builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    public static void AddPersistence(this WebApplicationBuilder builder)
    {
        // Documents and events (Marten) and plain SQL (the spend tables, reservations) share one pool; the job storage has its own.
        builder.AddDatabaseConnections(builder.Configuration.EconeuraConnectionString());
        builder.Services.AddMarten(options =>
            {
                options.DatabaseSchemaName = "econeura";
                options.Events.TenancyStyle = TenancyStyle.Conjoined;
                options.Policies.AllDocumentsAreMultiTenanted();
                options.OpenTelemetry.TrackConnections = TrackLevel.Normal;
                options.Schema.For<DataProtectionKey>().SingleTenanted();
            })
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
        // A failed command reaches its caller (a request answers 503 or a problem document, a job is retried and logged by
        // Hangfire); Marten's command log would repeat each failure with its SQL and parameter values (redacted inputs, ids).
        builder.Logging.AddFilter("Marten.IDocumentStore", LogLevel.Critical);
        builder.AddSharedKeyRing();
        builder.Services.AddOptions<DatabaseOutageOptions>().BindConfiguration("Database");
        builder.Services.AddSingleton<DatabaseOutage>();
        builder.Services.AddReadinessChecks();
    }
}

public static class TenantDocuments
{
    /// <summary>One document of one tenant by id, in a session of its own.</summary>
    public static async Task<T?> LoadAsync<T>(this IDocumentStore store, string tenantId, Guid id, CancellationToken cancellationToken = default)
        where T : notnull
    {
        await using var session = store.QuerySession(tenantId);
        return await session.LoadAsync<T>(id, cancellationToken);
    }
}

public static class Seeding
{
    /// <summary>
    /// Commits a session that inserts seed documents with fixed ids. Two requests (or nodes) seeding a tenant at the same
    /// moment insert the same documents: the first commit wins and the other's refusal, one per document, is expected.
    /// </summary>
    public static async Task SaveSeedAsync(this IDocumentSession session, CancellationToken cancellationToken)
    {
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is JasperFx.DocumentAlreadyExistsException
                                          || exception is AggregateException { InnerExceptions: var refusals }
                                          && refusals.All(e => e is JasperFx.DocumentAlreadyExistsException))
        {
        }
    }
}
