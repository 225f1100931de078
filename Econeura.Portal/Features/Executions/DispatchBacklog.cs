using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Econeura.Domain.Executions;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// How many executions wait for a worker, per tenant, and how long the oldest of them has waited: measured every few
/// seconds on every node, exported as metrics, and part of readiness (degraded while a tenant's backlog is at its limit).
/// </summary>
public sealed class DispatchBacklog : PeriodicWork
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly IDocumentStore _store;
    private IReadOnlyList<TenantBacklog> _latest = [];

    public DispatchBacklog(IDocumentStore store, DatabaseOutage outage, TimeProvider time, ILogger<DispatchBacklog> logger)
        : base(Interval, outage, time, logger)
    {
        _store = store;
        Telemetry.Meter.CreateObservableGauge("econeura.executions.queued",
            () => Latest.Select(b => new Measurement<int>(b.Queued, new KeyValuePair<string, object?>("tenant", b.TenantId))),
            description: "Executions ready to run and waiting for a worker, per tenant");
        Telemetry.Meter.CreateObservableGauge("econeura.executions.oldest_wait",
            () => Latest.Select(b => new Measurement<double>(b.OldestWait.TotalSeconds, new KeyValuePair<string, object?>("tenant", b.TenantId))),
            unit: "s", description: "How long the longest-waiting ready execution of each tenant has waited for a worker");
    }

    /// <summary>The last measurement: tenants with nothing waiting are absent.</summary>
    public IReadOnlyList<TenantBacklog> Latest => Volatile.Read(ref _latest);

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var session = _store.QuerySession();
        var waiting = await session.Query<ExecutionView>()
            .Where(x => x.AnyTenant() && x.Status == ExecutionStatus.Requested)
            .Select(x => new WaitingExecution(x.TenantId, x.LastChangedAt))
            .ToListAsync(cancellationToken);
        var now = Time.GetUtcNow();
        Volatile.Write(ref _latest, waiting.GroupBy(w => w.TenantId)
            .Select(tenant => new TenantBacklog(tenant.Key, tenant.Count(), now - tenant.Min(w => w.Since)))
            .ToList());
    }

    private sealed record WaitingExecution(string TenantId, DateTimeOffset Since);
}

public sealed record TenantBacklog(string TenantId, int Queued, TimeSpan OldestWait);

/// <summary>Degraded while some tenant's backlog is at its limit: its launches are being refused.</summary>
public sealed class DispatchBacklogCheck(DispatchBacklog backlog, IOptions<DispatchOptions> dispatch) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = dispatch.Value.MaxQueuedPerTenant;
        var full = limit > 0 ? backlog.Latest.Where(b => b.Queued >= limit).ToList() : [];
        var deepest = backlog.Latest.MaxBy(b => b.Queued);
        return Task.FromResult(full.Count > 0
            ? HealthCheckResult.Degraded($"{full.Count} tenant(s) have {limit} or more executions waiting for a worker; their launches are refused until it drains.")
            : HealthCheckResult.Healthy(deepest is null
                ? "No execution is waiting for a worker."
                : $"At most {deepest.Queued} executions of one tenant wait for a worker (limit {(limit > 0 ? limit : "off")}); the oldest waited {deepest.OldestWait.TotalSeconds:0} s."));
    }
}
