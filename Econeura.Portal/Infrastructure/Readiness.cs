using System.Text.Json;
using Econeura.Portal.Infrastructure.LiveUpdates;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Econeura.Portal.Infrastructure;

/// <summary>
/// Readiness means this node can do its work: the database answers, this process's job server is alive (else nothing
/// is dispatched) and live updates are heard (else open pages go stale: degraded, not down); features add their own (the dispatch
/// backlog). Each check says why.
/// </summary>
public static class Readiness
{
    public const string Tag = "ready";

    public static void AddReadinessChecks(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<DatabaseCheck>("postgresql", tags: [Tag])
            .AddCheck<JobServerCheck>("jobs", tags: [Tag])
            .AddCheck<ChangeListenerCheck>("live-updates", tags: [Tag]);

    /// <summary>
    /// The overall status and each check's status and reason, as JSON. Probes are anonymous: a check that failed with an
    /// exception (a driver's message names hosts, databases, users) is told to them without it; a platform operator, signed
    /// in, also reads the exception's type and message.
    /// </summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        // Read from the signed-in user's claims alone: readiness matters most when the database (which authorization
        // asks whether a tenant is active) does not answer.
        var insider = PortalUser.From(context.User) is { } user && context.RequestServices.GetRequiredService<PlatformOperators>().IsOperator(user);
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(entry => new
            {
                name = entry.Key,
                status = entry.Value.Status.ToString(),
                reason = Reason(entry.Value, insider),
            }),
        }, JsonSerializerOptions.Web));
    }

    private static string? Reason(HealthReportEntry entry, bool insider) => entry switch
    {
        { Exception: null } => entry.Description,
        // A check that threw has the exception's message as its description.
        _ when insider => $"{ExplainedReason(entry)} ({entry.Exception.GetType().Name}: {entry.Exception.Message})",
        _ => ExplainedReason(entry),
    };

    /// <summary>A check's own words for a failure it caught; a check that threw has only the exception's, which strangers do not read.</summary>
    private static string ExplainedReason(HealthReportEntry entry) =>
        entry.Description is { } description && description != entry.Exception?.Message ? description : "The check failed.";

    private sealed class DatabaseCheck(NpgsqlDataSource database, DatabaseOutage outage) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var command = database.CreateCommand("select 1");
                await command.ExecuteScalarAsync(cancellationToken);
                outage.Recovered();
                return HealthCheckResult.Healthy("PostgreSQL answers.");
            }
            catch (Exception exception) when (DatabaseOutage.IsUnreachable(exception))
            {
                // Probes come every few seconds: the outage is logged once by DatabaseOutage, with its cause, not by each
                // probe. The answer is anonymous and names no host, port or driver message.
                outage.Report(exception);
                return HealthCheckResult.Unhealthy("PostgreSQL cannot be reached.", exception);
            }
            catch (PostgresException refused)
            {
                // It answers but will not serve this portal (its database refuses connections, is gone, or the login is
                // refused): not an outage to wait out, and said without its details to anonymous probes.
                return HealthCheckResult.Unhealthy("PostgreSQL answers but refuses the portal's connection.", refused);
            }
        }
    }

    private sealed class JobServerCheck(JobStorage storage, ThisNode node, DatabaseOutage outage, TimeProvider time) : IHealthCheck
    {
        private static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromMinutes(1);

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (outage.IsOngoing) return Task.FromResult(HealthCheckResult.Unhealthy("The job server cannot reach PostgreSQL."));
            try
            {
                var server = storage.GetMonitoringApi().Servers().FirstOrDefault(s => ThisNode.NodeOf(s.Name) == node.Id);
                if (server is null) return Task.FromResult(HealthCheckResult.Unhealthy("This process runs no job server: nothing would be dispatched."));
                var silence = time.GetUtcNow().UtcDateTime - (server.Heartbeat ?? DateTime.MinValue);
                return Task.FromResult(silence <= HeartbeatTimeout
                    ? HealthCheckResult.Healthy($"{server.WorkersCount} workers; heartbeat {silence.TotalSeconds:0} s ago.")
                    : HealthCheckResult.Unhealthy($"The job server's last heartbeat was {silence.TotalSeconds:0} s ago."));
            }
            catch (Exception exception) when (DatabaseOutage.IsUnreachable(exception))
            {
                outage.Report(exception);
                return Task.FromResult(HealthCheckResult.Unhealthy("The job server cannot reach PostgreSQL."));
            }
        }
    }

    private sealed class ChangeListenerCheck(PostgresChangeListener listener) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(listener.IsListening
                ? HealthCheckResult.Healthy("Listening for changes.")
                : HealthCheckResult.Degraded("Not listening for changes: open pages miss what other nodes commit until it reconnects."));
    }
}
