using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Econeura.Portal.Features.Dispatch;

/// <summary>
/// How many executions wait for a worker, per tenant, and how long the oldest of them has waited: measured every few
/// seconds on every node, exported as metrics, and part of readiness (degraded while a tenant's backlog is at its limit).
/// </summary>
public sealed class DispatchBacklog : PeriodicWork
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly DispatchQueue _queue;
    private IReadOnlyList<TenantBacklog> _latest = [];

    public DispatchBacklog(DispatchQueue queue, DatabaseOutage outage, TimeProvider time, ILogger<DispatchBacklog> logger)
        : base(Interval, outage, time, logger)
    {
        _queue = queue;
        Telemetry.Meter.CreateObservableGauge("econeura.executions.queued",
            () => Latest.Select(b => new Measurement<int>(b.Queued, new KeyValuePair<string, object?>("tenant", b.TenantId))),
            description: "Executions ready to run and waiting for a worker, per tenant");
        Telemetry.Meter.CreateObservableGauge("econeura.executions.oldest_wait",
            () => Latest.Select(b => new Measurement<double>(b.OldestWait.TotalSeconds, new KeyValuePair<string, object?>("tenant", b.TenantId))),
            unit: "s", description: "How long the longest-waiting ready execution of each tenant has waited for a worker");
    }

    /// <summary>The last measurement: tenants with nothing waiting are absent.</summary>
    public IReadOnlyList<TenantBacklog> Latest => Volatile.Read(ref _latest);

    protected override async Task RunOnceAsync(CancellationToken cancellationToken) =>
        Volatile.Write(ref _latest, await _queue.BacklogsAsync(cancellationToken));
}

/// <summary>Degraded while some tenant's backlog is at its limit: its launches are being refused.</summary>
public sealed class DispatchBacklogCheck(DispatchBacklog backlog, IOptions<DispatchOptions> dispatch) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = dispatch.Value.MaxQueuedPerTenant;
        var full = limit > 0 ? backlog.Latest.Where(b => b.Queued >= limit).ToList() : [];
        var deepest = backlog.Latest.MaxBy(b => b.Queued);
        return Task.FromResult(full.Count > 0
            ? HealthCheckResult.Degraded(
                $"{full.Count} tenant(s) have {limit} or more executions waiting for a worker; their launches are refused until it drains.")
            : HealthCheckResult.Healthy(deepest is null
                ? "No execution is waiting for a worker."
                : $"At most {deepest.Queued} executions of one tenant wait for a worker (limit {(limit > 0 ? limit : "off")}); "
                  + $"the oldest waited {deepest.OldestWait.TotalSeconds:0} s."));
    }
}
