using Econeura.Portal.Features.Identity;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;

namespace Econeura.Portal.Infrastructure;

public sealed class BackgroundJobOptions
{
    public int WorkerCount { get; set; } = 4;
}

public static class BackgroundJobs
{
    public static void AddBackgroundJobs(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.EconeuraConnectionString();
        var options = builder.Configuration.GetSection("BackgroundJobs").Get<BackgroundJobOptions>() ?? new();
        builder.Services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                storage => storage.UseNpgsqlConnection(connectionString),
                new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    PrepareSchemaIfNecessary = true,
                    // Long polling (LISTEN/NOTIFY) wakes a worker as soon as any process enqueues; the poll is the fallback.
                    EnableLongPolling = true,
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                }));
        builder.Services.AddHangfireServer(server => server.WorkerCount = Math.Max(1, options.WorkerCount));
    }

    public static void MapJobDashboard(this WebApplication app) =>
        app.MapHangfireDashboard("/admin/jobs", new DashboardOptions
            {
                // The endpoint's authorization policy decides; Hangfire's own local-requests-only filter would refuse everyone else.
                Authorization = [new AllowAuthorizedEndpoint()],
                DisplayStorageConnectionString = false,
                AppPath = "/",
            })
            .RequireAuthorization(Policies.Admin);

    private sealed class AllowAuthorizedEndpoint : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => true;
    }
}
