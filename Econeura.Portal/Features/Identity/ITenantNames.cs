namespace Econeura.Portal.Features.Identity;

/// <summary>
/// An organisation's name for people outside the portal to read (a budget alert names it): the name the operator
/// onboarded it under, else the directory's (<see cref="TenantDirectory"/>). Tenancy, which keeps the onboarded
/// organisations, provides it.
/// </summary>
public interface ITenantNames
{
    Task<string> NameOfAsync(string tenantId, CancellationToken cancellationToken = default);
}
