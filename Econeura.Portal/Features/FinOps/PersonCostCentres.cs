using Marten.Schema;
using Econeura.Domain.FinOps;
using Econeura.Portal.Features.Identity;

namespace Econeura.Portal.Features.FinOps;

/// <summary>An admin's choice of a person's cost centre (the document id is the person's): it wins over the directory's.</summary>
public sealed class CostCentreAssignment : ISettingsDocument
{
    public string Id { get; set; } = "";

    [Version]
    public long Version { get; set; }

    /// <summary>None: the directory's cost centre counts again.</summary>
    public string? CostCentre { get; set; }

    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A person as admins see them: what the directory says, what an admin assigned, and so what spend is charged to.</summary>
/// <param name="Version">The assignment's version (0 while none was ever saved), sent back with a change.</param>
public sealed record PersonCostCentre(string UserId, string Name, string? DirectoryCostCentre, string? AssignedCostCentre, long Version)
{
    public string? ChargedTo => CostCentre.Resolve(AssignedCostCentre, DirectoryCostCentre);
}

public enum AssignmentOutcome
{
    Saved,
    UnknownPerson,
    Stale,
}

/// <summary>
/// Each person's cost centre in a tenant: the people seen (<see cref="People"/>), and the assignments admins make,
/// versioned like every setting. A launch only reads: the assignment from the settings cache, the directory's from the
/// requester's own claims.
/// </summary>
public sealed class PersonCostCentres(IDocumentStore store, VersionedSettings settings)
{
    /// <summary>The cost centre a request <paramref name="user"/> makes now is charged to.</summary>
    public async Task<string?> ChargedToAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        var assigned = await settings.LoadAsync<CostCentreAssignment>(user.TenantId, user.UserId, cancellationToken);
        return CostCentre.Resolve(assigned?.CostCentre, user.DirectoryCostCentre);
    }

    /// <summary>Everyone the tenant has seen, by name.</summary>
    public async Task<IReadOnlyList<PersonCostCentre>> PeopleAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(tenantId);
        var people = await session.Query<KnownPerson>().OrderBy(p => p.Name).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        var assigned = (await session.LoadManyAsync<CostCentreAssignment>(cancellationToken, people.Select(p => p.Id))).ToDictionary(a => a.Id);
        return people.Select(p => new PersonCostCentre(p.Id, p.Name, CostCentre.Normalize(p.DirectoryCostCentre), assigned.GetValueOrDefault(p.Id)?.CostCentre,
            assigned.GetValueOrDefault(p.Id)?.Version ?? 0)).ToList();
    }

    public async Task<PersonCostCentre?> PersonAsync(string tenantId, string userId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(tenantId);
        if (await session.LoadAsync<KnownPerson>(userId, cancellationToken) is not { } person) return null;
        var assigned = await session.LoadAsync<CostCentreAssignment>(userId, cancellationToken);
        return new PersonCostCentre(person.Id, person.Name, CostCentre.Normalize(person.DirectoryCostCentre), assigned?.CostCentre, assigned?.Version ?? 0);
    }

    /// <summary>
    /// Assigns <paramref name="costCentre"/> (a valid code: see <see cref="CostCentre.Check"/>; none clears the assignment)
    /// to someone the tenant has seen, if the assignment is still at <paramref name="version"/>. Requests made from then
    /// on are charged to it; spend already recorded stays where it was.
    /// </summary>
    public async Task<AssignmentOutcome> AssignAsync(
        string tenantId, string userId, string? costCentre, long version, PortalUser by, CancellationToken cancellationToken = default)
    {
        if (costCentre is not null && CostCentre.Check(costCentre) is { } problem)
            throw new ArgumentException(CostCentre.InEnglish(problem), nameof(costCentre));
        if (await PersonAsync(tenantId, userId, cancellationToken) is null) return AssignmentOutcome.UnknownPerson;
        var assignment = new CostCentreAssignment { Id = userId, CostCentre = CostCentre.Normalize(costCentre), Version = version };
        return await settings.SaveAsync(tenantId, assignment, by, cancellationToken) ? AssignmentOutcome.Saved : AssignmentOutcome.Stale;
    }
}
