namespace Econeura.Portal.Features.Notifications;

/// <summary>The recorded deliveries, newest first: the tenant's for its admins, a person's own for them.</summary>
public sealed class NotificationDeliveries(IDocumentStore store)
{
    public const int Shown = 100;

    public async Task<IReadOnlyList<NotificationDelivery>> LatestAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(tenantId);
        return await session.Query<NotificationDelivery>().OrderByDescending(d => d.QueuedAt).Take(Shown).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<NotificationDelivery>> ForAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(user.TenantId);
        return await session.Query<NotificationDelivery>().Where(d => d.RecipientId == user.UserId)
            .OrderByDescending(d => d.QueuedAt).Take(Shown).ToListAsync(cancellationToken);
    }
}
