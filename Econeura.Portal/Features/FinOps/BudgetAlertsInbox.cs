using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

/// <summary>When a person last looked at the alerts page: what came later is unread for them.</summary>
public sealed class AlertReadMarker
{
    public string Id { get; set; } = "";
    public DateTimeOffset LastReadAt { get; set; }
}

/// <param name="OwnerName">For a person's budget, the name finance gave it.</param>
public sealed record AlertLine(string Scope, string Month, BudgetAlert Alert, string? OwnerName = null);

/// <summary>The tenant's budget alerts, newest first, and each reader's unread count.</summary>
public sealed class BudgetAlertsInbox(IDocumentStore store, FinOpsSettingsStore settings, TimeProvider time)
{
    public const int Shown = 100;

    public async Task<IReadOnlyList<AlertLine>> LatestAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(tenantId);
        var views = await session.Query<BudgetAlertView>().OrderByDescending(v => v.LastAlertAt).Take(Shown).ToListAsync(cancellationToken);
        // People's budgets are named as finance named them; only read when one of them alerted.
        var names = views.Any(v => BudgetScope.Parse(v.Scope)?.Kind == BudgetOwnerKind.Person)
            ? (await settings.BudgetsAsync(tenantId, cancellationToken)).Where(b => b.OwnerName is not null).ToDictionary(b => b.Id, b => b.OwnerName)
            : [];
        return views.SelectMany(v => v.Alerts.Select(a => new AlertLine(v.Scope, v.Month, a, names.GetValueOrDefault(v.Scope))))
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
