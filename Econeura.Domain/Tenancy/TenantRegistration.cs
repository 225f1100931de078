namespace Econeura.Domain.Tenancy;

/// <summary>
/// A customer organisation (an Entra directory) the platform operator onboarded: who it is, its first settings, and
/// whether it is offboarded. Offboarding keeps the record (and all of the tenant's own records): it only closes the door.
/// </summary>
public sealed class TenantRegistration
{
    /// <summary>The directory id (<see cref="DirectoryId"/>), which is also the tenant id of everything the organisation owns.</summary>
    public string Id { get; set; } = "";

    /// <summary>Marten's numeric revision: 0 until first saved.</summary>
    public long Version { get; set; }

    public string DisplayName { get; set; } = "";

    /// <summary>The IANA zone whose days and months the tenant's budgets follow.</summary>
    public string TimeZone { get; set; } = "";

    /// <summary>The monthly budget of the whole tenant, in euros, that its finance staff start from.</summary>
    public decimal DefaultBudgetEur { get; set; }

    /// <summary>Whether the seeded lead agents call the webhooks of <c>Agents:SeedRoutes</c>, or stay on the simulator.</summary>
    public bool AppliesSeedRoutes { get; set; }

    public DateTimeOffset OnboardedAt { get; set; }
    public string OnboardedBy { get; set; } = "";
    public DateTimeOffset? OffboardedAt { get; set; }
    public string? OffboardedBy { get; set; }

    public bool IsActive => OffboardedAt is null;
}
