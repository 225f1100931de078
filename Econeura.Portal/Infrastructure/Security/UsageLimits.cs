using System.Threading.RateLimiting;

namespace Econeura.Portal.Infrastructure.Security;

/// <summary>How many requests fit in a window; a <see cref="PermitLimit"/> of 0 turns the limit off (load tests, benchmarks).</summary>
public sealed class WindowLimit
{
    public int PermitLimit { get; set; }
    public double WindowMinutes { get; set; } = 15;
}

public sealed class TenantRateLimits
{
    public WindowLimit? PerUser { get; set; }
    public WindowLimit? PerTenant { get; set; }
}

/// <summary>The <c>RateLimits</c> section: defaults for everyone, and overrides per tenant id under <c>Tenants</c>.</summary>
public sealed class RateLimitOptions
{
    public WindowLimit PerUser { get; set; } = new() { PermitLimit = 100 };
    public WindowLimit PerTenant { get; set; } = new() { PermitLimit = 2000 };
    public Dictionary<string, TenantRateLimits> Tenants { get; set; } = [];
}

/// <summary>
/// Fair use of the API and of launches: each user and each tenant may make so many requests per window, counted
/// together wherever they come from (API calls, DLP scans, launches from the portal). A refused request is told when
/// the window frees a permit.
/// </summary>
public sealed class UsageLimits : IDisposable
{
    private readonly PartitionedRateLimiter<PortalUser> _limiter;

    public UsageLimits(Microsoft.Extensions.Options.IOptions<RateLimitOptions> options)
    {
        var limits = options.Value;
        var byUser = PartitionedRateLimiter.Create<PortalUser, string>(user => Partition(
            $"{user.TenantId}/{user.UserId}", limits.Tenants.GetValueOrDefault(user.TenantId)?.PerUser ?? limits.PerUser));
        var byTenant = PartitionedRateLimiter.Create<PortalUser, string>(user => Partition(
            user.TenantId, limits.Tenants.GetValueOrDefault(user.TenantId)?.PerTenant ?? limits.PerTenant));
        _limiter = PartitionedRateLimiter.CreateChained(byUser, byTenant);
    }

    /// <summary>Takes one permit for <paramref name="user"/>: null when granted, else how long until one frees.</summary>
    public TimeSpan? TryTake(PortalUser user)
    {
        using var lease = _limiter.AttemptAcquire(user);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    private static RateLimitPartition<string> Partition(string key, WindowLimit limit) =>
        limit.PermitLimit <= 0
            ? RateLimitPartition.GetNoLimiter(key)
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit.PermitLimit,
                Window = TimeSpan.FromMinutes(limit.WindowMinutes),
                QueueLimit = 0,
                AutoReplenishment = true,
            });

    public void Dispose() => _limiter.Dispose();
}
