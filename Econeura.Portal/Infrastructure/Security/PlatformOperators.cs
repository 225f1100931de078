namespace Econeura.Portal.Infrastructure.Security;

/// <summary>Section <c>Platform</c>: who runs the platform for every tenant.</summary>
public sealed class PlatformOptions
{
    /// <summary>
    /// The one directory (Entra tenant id) whose <c>Econeura.Operator</c> holders are platform operators. Any directory's
    /// admin can grant that app role to themselves, so the role counts from this directory only. It defaults to the single
    /// <c>AzureAd:TenantId</c>, and to the demo Contoso tenant with the development sign-in.
    /// </summary>
    public string? OperatorTenantId { get; set; }
}

/// <summary>Whether someone holds a role: the roles of a tenant as their directory grants them, the platform operator only from the platform's
/// directory.</summary>
public sealed class PlatformOperators(IOptions<PlatformOptions> options)
{
    public bool IsOperator(PortalUser user) =>
        user.IsInRole(AppRoles.Operator)
        && string.Equals(DirectoryId.Normalize(user.TenantId), options.Value.OperatorTenantId, StringComparison.Ordinal);

    public bool Holds(PortalUser user, string role) => role == AppRoles.Operator ? IsOperator(user) : user.IsInRole(role);
}
