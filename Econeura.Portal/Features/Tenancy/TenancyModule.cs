using Econeura.Domain.Tenancy;
using Econeura.Portal.Features.Identity;

namespace Econeura.Portal.Features.Tenancy;

public static class TenancyModule
{
    public static void AddTenancy(this WebApplicationBuilder builder)
    {
        TenantAdmission.Register(builder);
        builder.Services.AddSingleton<TenantRegistry>();
        builder.Services.AddSingleton<ITenantStatus>(services => services.GetRequiredService<TenantRegistry>());
        builder.Services.AddSingleton<ITenantNames, TenantNames>();
        builder.Services.AddSingleton<TenantOnboarding>();
        builder.Services.AddSingleton<TenantProvisioning>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TenantProvisioning>());
        builder.Services.AddStartupMigration<PriceTablesBackfill>();
        builder.Services.ConfigureMarten(options => options.Schema.For<TenantRegistration>().SingleTenanted()
            .UseNumericRevisions(true).Metadata(m => m.Revision.MapTo(x => x.Version)));
        builder.Services.AddCachedSettings<TenantRegistration>();
    }

    public static void MapTenancy(this WebApplication app)
    {
        var tenants = app.MapApi().MapGroup("/operator/tenants").RequireAuthorization(Policies.Operator).WithTags("Operator");
        tenants.MapGet("/", ListAsync).WithName("ListTenants");
        tenants.MapPost("/", OnboardAsync).WithName("OnboardTenant");
        tenants.MapPost("/{directoryId}/offboard", OffboardAsync).WithName("OffboardTenant");
    }

    private static async Task<Ok<IEnumerable<TenantResource>>> ListAsync(TenantRegistry registry, TenantDirectory names, CancellationToken cancellationToken) =>
        TypedResults.Ok((await registry.ListAsync(names, cancellationToken)).Select(TenantResource.From));

    private static async Task<Results<Created<TenantResource>, ValidationProblem, ProblemHttpResult>> OnboardAsync(
        OnboardTenantRequest request, PortalUser user, TenantOnboarding onboarding, CancellationToken cancellationToken)
    {
        var command = new OnboardTenant(request.DirectoryId ?? "", request.DisplayName ?? "", request.TimeZone ?? "", request.DefaultBudgetEur ?? 0,
            request.ApplySeedRoutes);
        return (await onboarding.OnboardAsync(command, user, cancellationToken)).Decision switch
        {
            TenantDecision.Changed { Registration: var r } => TypedResults.Created($"/api/v1/operator/tenants/{r.Id}",
                TenantResource.From(new TenantListing(r.Id, r.DisplayName, r.IsActive, IsConfigured: false, r))),
            TenantDecision.Invalid invalid => TypedResults.ValidationProblem(
                invalid.Problems.GroupBy(p => p.Field).ToDictionary(g => TenantProblemText.FieldName(g.Key), g => g.Select(p
                    => TenantProblemText.English(p.Problem)).ToArray()),
                title: "The organisation was not onboarded."),
            TenantDecision.AlreadyActive => ApiProblems.Conflict("The organisation is onboarded already",
                "Offboard it first to onboard it again with other settings."),
            _ => ApiProblems.Conflict("The organisation changed in between",
                "Another operator onboarded or offboarded it at the same moment; read the list again."),
        };
    }

    private static async Task<Results<Ok<TenantResource>, ProblemHttpResult>> OffboardAsync(
        string directoryId, PortalUser user, TenantOnboarding onboarding, CancellationToken cancellationToken) =>
        (await onboarding.OffboardAsync(directoryId, user, cancellationToken)).Decision switch
        {
            TenantDecision.Changed { Registration: var r } => TypedResults.Ok(TenantResource.From(new TenantListing(r.Id, r.DisplayName, r.IsActive, false,
                r))),
            TenantDecision.NotActive => ApiProblems.NotFound("No active organisation with this directory id",
                "It was never onboarded nor allowed by configuration, or it is offboarded already."),
            _ => ApiProblems.Conflict("The organisation changed in between",
                "Another operator onboarded or offboarded it at the same moment; read the list again."),
        };
}

public sealed record OnboardTenantRequest(string? DirectoryId, string? DisplayName, string? TimeZone, decimal? DefaultBudgetEur, bool ApplySeedRoutes);

public sealed record TenantResource(
    string DirectoryId, string DisplayName, bool Active, bool Configured, string? TimeZone, decimal? DefaultBudgetEur, bool? AppliesSeedRoutes,
    DateTimeOffset? OnboardedAt, DateTimeOffset? OffboardedAt)
{
    public static TenantResource From(TenantListing tenant) => new(
        tenant.DirectoryId, tenant.DisplayName, tenant.IsActive, tenant.IsConfigured, tenant.Registration?.TimeZone, tenant.Registration?.DefaultBudgetEur,
        tenant.Registration?.AppliesSeedRoutes, tenant.Registration?.OnboardedAt, tenant.Registration?.OffboardedAt);
}

/// <summary>The API's English for a problem with an onboarding field; the page uses the resource files.</summary>
public static class TenantProblemText
{
    public static string FieldName(TenantField field) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(field.ToString());

    public static string English(TenantProblem problem) => problem switch
    {
        TenantProblem.Required => "Required.",
        TenantProblem.NotADirectoryId => "A directory (tenant) id: a GUID such as 7d3c9a10-5e2b-4f61-9c84-0a1b2c3d4e01.",
        TenantProblem.TooLong => $"At most {TenantDecisions.MaxDisplayNameLength} characters that can be stored.",
        TenantProblem.UnknownTimeZone => "An IANA time zone such as Europe/Madrid.",
        _ => $"Between {TenantDecisions.MinBudgetEur} and {TenantDecisions.MaxBudgetEur:0} EUR.",
    };
}
