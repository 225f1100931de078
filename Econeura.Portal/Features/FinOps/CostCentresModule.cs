using Microsoft.AspNetCore.Authentication;
using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

public static class CostCentresModule
{
    public static void AddCostCentres(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CostCentreOptions>().BindConfiguration("CostCentres")
            .Validate(o => !string.IsNullOrWhiteSpace(o.DirectoryClaim), "CostCentres:DirectoryClaim must name the claim that carries a person's cost centre.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DirectoryCostCentreClaim>();
        builder.Services.AddSingleton<IClaimsTransformation>(services => services.GetRequiredService<DirectoryCostCentreClaim>());
        builder.Services.AddSingleton<PersonCostCentres>();
        builder.Services.AddSettingsDocument<CostCentreAssignment>();
    }

    public static void MapCostCentres(this WebApplication app)
    {
        var people = app.MapApi().MapGroup("/admin/people").RequireAuthorization(Policies.Admin).WithTags("CostCentres");
        people.MapGet("/", PeopleAsync).WithName("ListPeople");
        people.MapPut("/{userId}/cost-centre", AssignAsync).WithName("AssignCostCentre");
    }

    private static async Task<Ok<IEnumerable<PersonResource>>> PeopleAsync(PortalUser user, PersonCostCentres costCentres,
        CancellationToken cancellationToken) =>
        TypedResults.Ok((await costCentres.PeopleAsync(user.TenantId, cancellationToken)).Select(PersonResource.From));

    private static async Task<Results<Ok<PersonResource>, ValidationProblem, ProblemHttpResult>> AssignAsync(
        string userId, AssignCostCentreRequest body, PortalUser user, PersonCostCentres costCentres, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        var costCentre = string.IsNullOrWhiteSpace(body.CostCentre) ? null : body.CostCentre;
        if (costCentre is not null && CostCentre.Check(costCentre) is { } problem) problems["costCentre"] = [CostCentre.InEnglish(problem)];
        if (body.Version is null) problems["version"] = [ApiProblems.VersionRequired];
        if (problems.Count > 0 || body.Version is not { } version) return TypedResults.ValidationProblem(problems, title: "The cost centre was not assigned.");
        return await costCentres.AssignAsync(user.TenantId, userId, costCentre, version, user, cancellationToken) switch
        {
            AssignmentOutcome.UnknownPerson => ApiProblems.NotFound("No such person",
                "Cost centres are assigned to people who have signed in to this organisation."),
            AssignmentOutcome.Stale => ApiProblems.Conflict("The cost centre was changed by someone else",
                $"Version {version} is not the current one; read it again and reapply your change."),
            _ => TypedResults.Ok(PersonResource.From((await costCentres.PersonAsync(user.TenantId, userId, cancellationToken))!)),
        };
    }
}

/// <param name="CostCentre">The code to charge this person's requests to; null or empty: the directory's again.</param>
/// <param name="Version">The version read (0 when none was ever assigned).</param>
public sealed record AssignCostCentreRequest(string? CostCentre, long? Version);

/// <summary>A person as the API shows them: <see cref="ChargedTo"/> is the assigned cost centre, else the directory's.</summary>
public sealed record PersonResource(string UserId, string Name, string? DirectoryCostCentre, string? AssignedCostCentre, string? ChargedTo, long Version)
{
    public static PersonResource From(PersonCostCentre person) =>
        new(person.UserId, person.Name, person.DirectoryCostCentre, person.AssignedCostCentre, person.ChargedTo, person.Version);
}
