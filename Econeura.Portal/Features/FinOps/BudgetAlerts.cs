namespace Econeura.Portal.Features.FinOps;

/// <summary>When a person last looked at the alerts page: what came later is unread for them.</summary>
public sealed class AlertReadMarker
{
    public string Id { get; set; } = "";
    public DateTimeOffset LastReadAt { get; set; }
}

public sealed record AlertLine(string Scope, string Month, BudgetAlert Alert);

/// <summary>The tenant's budget alerts, newest first, and each reader's unread count.</summary>
public sealed class BudgetAlertsInbox(IDocumentStore store, TimeProvider time)
{
    public const int Shown = 100;

    public async Task<IReadOnlyList<AlertLine>> LatestAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(tenantId);
        var views = await session.Query<BudgetAlertView>().OrderByDescending(v => v.LastAlertAt).Take(Shown).ToListAsync(cancellationToken);
        return views.SelectMany(v => v.Alerts.Select(a => new AlertLine(v.Scope, v.Month, a)))
            .OrderByDescending(line => line.Alert.At)
            .Take(Shown)
            .ToList();
    }

    public async Task<int> UnreadAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(user.TenantId);
        var since = (await session.LoadAsync<AlertReadMarker>(user.UserId, cancellationToken))?.LastReadAt ?? DateTimeOffset.MinValue;
        var recent = await session.Query<BudgetAlertView>().Where(v => v.LastAlertAt > since).ToListAsync(cancellationToken);
        return recent.Sum(v => v.Alerts.Count(a => a.At > since));
    }

    public async Task MarkReadAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        await using var session = store.LightweightSession(user.TenantId);
        session.Store(new AlertReadMarker { Id = user.UserId, LastReadAt = time.GetUtcNow() });
        await session.SaveChangesAsync(cancellationToken);
    }
}
