using Econeura.Domain.Tenancy;
using Econeura.Portal.Features.Identity;

namespace Econeura.Portal.Features.Tenancy;

/// <summary>The directories the <c>AzureAd</c> section lets in before any onboarding.</summary>
public sealed class TenantAdmissionOptions
{
    /// <summary>A directory id, or <c>organizations</c> / <c>common</c> for an app that several organisations sign in to.</summary>
    public string? TenantId { get; set; }

    /// <summary>The directory ids allowed to sign in (each until offboarded); required when <see cref="TenantId"/> is not a directory id.</summary>
    public List<string> AllowedTenants { get; set; } = [];
}

/// <summary>
/// The directories configuration allows: <c>AzureAd:AllowedTenants</c>, the single <c>AzureAd:TenantId</c>, and with the
/// development sign-in the demo tenants. Everyone else needs the operator to onboard their organisation.
/// </summary>
public sealed class TenantAdmission(IOptions<TenantAdmissionOptions> options, SignInMode mode)
{
    public IReadOnlySet<string> ConfiguredDirectories { get; } = Directories(options.Value, mode);

    private static HashSet<string> Directories(TenantAdmissionOptions options, SignInMode mode)
    {
        IEnumerable<string?> configured = options.AllowedTenants;
        if (mode.DevelopmentSignIn) configured = configured.Concat(DevelopmentPersonas.All.Select(p => p.Tenant.Id));
        else configured = configured.Append(options.TenantId);
        return configured.Select(DirectoryId.Normalize).OfType<string>().ToHashSet();
    }

    public static void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TenantAdmissionOptions>().BindConfiguration("AzureAd")
            .Validate(o => o.AllowedTenants.All(DirectoryId.IsValid),
                "AzureAd:AllowedTenants takes directory (tenant) ids: GUIDs such as 7d3c9a10-5e2b-4f61-9c84-0a1b2c3d4e01.")
            .Validate<SignInMode>((o, mode) => !mode.UsesEntra || DirectoryId.IsValid(o.TenantId) || o.AllowedTenants.Count > 0,
                "AzureAd:AllowedTenants is required when AzureAd:TenantId is organizations or common (or not a directory id): list the " +
                "directory ids of the organisations allowed to sign in (AzureAd__AllowedTenants__0=<tenant id>); " +
                "the operator onboards others on /operator/tenants.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TenantAdmission>();
    }
}
