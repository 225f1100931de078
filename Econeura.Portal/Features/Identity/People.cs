using System.Globalization;

namespace Econeura.Portal.Features.Identity;

/// <summary>
/// The people each tenant has seen, as the directory described them at their last sign-in. Entra cannot be asked who
/// holds a role without Graph permissions the portal does not take, so whom an approval can reach is whom it has seen.
/// </summary>
public sealed class People(IDocumentStore store, TimeProvider time)
{
    /// <summary>Records that <paramref name="user"/> was seen in <paramref name="culture"/>; written only when something changed.</summary>
    public async Task NoteAsync(PortalUser user, CultureInfo culture, CancellationToken cancellationToken = default)
    {
        await using var session = store.LightweightSession(user.TenantId);
        var known = await session.LoadAsync<KnownPerson>(user.UserId, cancellationToken);
        var seen = new KnownPerson
        {
            Id = user.UserId, Name = user.DisplayName, DirectoryCostCentre = user.DirectoryCostCentre,
            FirstSeenAt = known?.FirstSeenAt ?? time.GetUtcNow(), Roles = [.. user.Roles.Order(StringComparer.Ordinal)], Email = user.Email,
            Culture = PortalUi.SupportedCultures.FirstOrDefault(c => c.TwoLetterISOLanguageName == culture.TwoLetterISOLanguageName)?.Name
                ?? known?.Culture ?? PortalUi.SupportedCultures[0].Name,
        };
        if (known is not null && Same(known, seen)) return;
        session.Store(seen);
        await session.SaveChangesAsync(cancellationToken);
    }

    public async Task<KnownPerson?> FindAsync(string tenantId, string userId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(tenantId);
        return await session.LoadAsync<KnownPerson>(userId, cancellationToken);
    }

    /// <summary>Everyone the tenant has seen, by name.</summary>
    public async Task<IReadOnlyList<KnownPerson>> AllAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(tenantId);
        return await session.Query<KnownPerson>().OrderBy(p => p.Name).ThenBy(p => p.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Everyone the tenant has seen holding <paramref name="role"/> at their last sign-in, by name.</summary>
    public async Task<IReadOnlyList<KnownPerson>> HoldingAsync(string tenantId, string role, CancellationToken cancellationToken = default) =>
        (await AllAsync(tenantId, cancellationToken)).Where(p => p.Holds(role)).ToList();

    private static bool Same(KnownPerson a, KnownPerson b) =>
        (a.Name, a.DirectoryCostCentre, a.Email, a.Culture) == (b.Name, b.DirectoryCostCentre, b.Email, b.Culture) && a.Roles.SequenceEqual(b.Roles);
}
