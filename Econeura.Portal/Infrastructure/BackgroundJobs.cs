using Hangfire.Dashboard;
using Hangfire.PostgreSql;

namespace Econeura.Portal.Infrastructure;

public sealed class BackgroundJobOptions
{
    public int WorkerCount { get; set; } = 4;

    /// <summary>
    /// The jobs dashboard only shows unless this is set: requeueing or deleting another tenant's job is an operator's
    /// repair, done on purpose with the setting switched on for it.
    /// </summary>
    public bool DashboardAllowsChanges { get; set; }
}

/// <summary>
/// This run of this process among the portal's processes. Its Hangfire server is named after it, so Hangfire's own
/// server heartbeat is what tells the other processes that this one is alive and what it holds is in hand.
/// </summary>
public sealed class ThisNode
{
    /// <summary>Unique to this run (a restarted process is another node); no colon, which Hangfire puts after it in its server id.</summary>
    public string Id { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}".ToLowerInvariant().Replace(':', '-');

    /// <summary>Hangfire names a server "{ServerName}:…", and this node's server name is its id.</summary>
    public static string NodeOf(string serverId) => serverId.Split(':')[0];
}

public static class BackgroundJobs
{
    public static void AddBackgroundJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddHangfire((services, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                storage => storage.UseConnectionFactory(services.GetRequiredService<DatabaseConnections.JobStorageConnections>()),
                new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    PrepareSchemaIfNecessary = true,
                    // No long polling: it opens a connection and LISTENs for every single fetch (the benchmark counted 127
                    // commits per execution with it, 50 without). This process's workers are woken at once by its own
                    // enqueues; a job enqueued elsewhere, when that process's workers are all busy, waits for the poll.
                    EnableLongPolling = false,
                    // A job fetched by a process that died is handed out again after this, not after the default 30
                    // minutes; live jobs keep extending it, so a long agent call is never fetched twice.
                    InvisibilityTimeout = TimeSpan.FromMinutes(5),
                    UseSlidingInvisibilityTimeout = true,
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                    // A lock whose release was lost with the connection (a database outage) blocks its resource until
                    // it expires: with the default ten minutes, deferred dispatches and retry back-offs stood still
                    // that long after a blip ("schedulepoller: Failed to remove lock"). Every lock here is held for
                    // milliseconds to a few seconds.
                    DistributedLockTimeout = TimeSpan.FromSeconds(30),
                }));
        builder.Services.AddOptions<BackgroundJobOptions>().BindConfiguration("BackgroundJobs")
            .Validate(o => o.WorkerCount is >= 1 and <= 100, "BackgroundJobs:WorkerCount must be between 1 and 100.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ThisNode>();
        builder.Services.AddHangfireServer((services, server) =>
        {
            server.ServerName = services.GetRequiredService<ThisNode>().Id;
            server.WorkerCount = services.GetRequiredService<IOptions<BackgroundJobOptions>>().Value.WorkerCount;
            // Deferred dispatches (a tenant's fair share) and retry back-offs come due on time, not up to 15 s late.
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            // The one heartbeat of a portal process: other nodes take its agent calls over once it has been silent for
            // PortalNodes.SilentFor (four beats); a dead server leaves the dashboard (and readiness) within a minute.
            server.HeartbeatInterval = TimeSpan.FromSeconds(5);
            server.ServerCheckInterval = TimeSpan.FromSeconds(30);
            server.ServerTimeout = TimeSpan.FromMinutes(1);
        });
    }

    /// <summary>
    /// Hangfire's dashboard lists every tenant's jobs and their arguments: it is a platform tool, for operators only.
    /// Tenant admins repair their own executions on /admin/executions instead.
    /// </summary>
    public static void MapJobDashboard(this WebApplication app)
    {
        var allowsChanges = app.Services.GetRequiredService<IOptions<BackgroundJobOptions>>().Value.DashboardAllowsChanges;
        app.MapHangfireDashboard(WebHardening.JobDashboardPath, new DashboardOptions
            {
                // Instead of Hangfire's local-requests-only filter, which would refuse every operator; the endpoint's
                // policy checks the same, and this holds even where a route reached the dashboard without it.
                Authorization = [new PlatformOperatorsOnly(app.Services.GetRequiredService<PlatformOperators>())],
                IsReadOnlyFunc = _ => !allowsChanges,
                DisplayStorageConnectionString = false,
                AppPath = "/",
            })
            .RequireAuthorization(Policies.Operator);
    }

    private sealed class PlatformOperatorsOnly(PlatformOperators operators) : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            PortalUser.From(context.GetHttpContext().User) is { } user && operators.IsOperator(user);
    }
}

/// <summary>Queues a job once when the process starts: sweeps that must not wait for their first recurring run.</summary>
public sealed class EnqueueAtStart(Action<IBackgroundJobClient> enqueue, IBackgroundJobClient jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        enqueue(jobs);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class JobsAtStart
{
    public static void AddJobAtStart<TJob>(this IServiceCollection services, System.Linq.Expressions.Expression<Func<TJob, Task>> job) =>
        services.AddSingleton<IHostedService>(provider =>
            new EnqueueAtStart(client => client.Enqueue(job), provider.GetRequiredService<IBackgroundJobClient>()));
}
