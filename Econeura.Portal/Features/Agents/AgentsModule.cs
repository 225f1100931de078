using Econeura.Portal.Features.Agents.Routing;
using Econeura.Portal.Infrastructure.Egress;
using Econeura.Domain.Agents;
using Econeura.Portal.Features.Search;

namespace Econeura.Portal.Features.Agents;

public static class AgentsModule
{
    public static void AddAgents(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AgentCatalog>();
        builder.Services.AddSingleton<ISearchSource, AgentSearchSource>();
        builder.Services.AddSingleton<AgentAdministration>();
        builder.Services.ConfigureMarten(options => options.Schema.For<AgentDefinition>()
            .UseNumericRevisions(true).Metadata(m => m.Revision.MapTo(x => x.Version)));
        builder.Services.AddCachedSettings<AgentDefinition>();
        builder.Services.AddStartupMigration<AgentWordingsBackfill>();
        builder.Services.AddStartupMigration<AgentPersonalitiesBackfill>();
        builder.Services.AddSingleton<AgentConnectors>();
        builder.Services.AddSingleton<AgentCallBounds>();
        builder.Services.AddSingleton<IAgentConnector, SimulatorConnector>();
        builder.Services.AddSingleton<IAgentConnector, WebhookConnector>();
        builder.Services.AddSingleton<IAgentConnector, ChatConnector>();
        builder.Services.AddSingleton<AgentSecrets>();
        if (AgentSecrets.Unscoped(builder.Configuration) is { Count: > 0 } unscoped)
            throw new InvalidOperationException(
                $"Secrets:{string.Join(", Secrets:", unscoped)} no longer work: a secret belongs to one tenant " +
                "(Secrets:Tenants:<tenant id>:<name>), or is a platform secret (Secrets:Platform:<name>:Value) granted to the " +
                "tenants listed in Secrets:Platform:<name>:Tenants. See docs/agents.md.");
        builder.Services.AddEgressPolicy();
        builder.Services.AddAgentHttpClients();
        builder.Services.AddOptions<SeedRouteOptions>().BindConfiguration("Agents:SeedRoutes")
            .Validate(o => o.IsValid(), "Agents:SeedRoutes:Webhooks takes lead agent ids (neura-1 … neura-11) with absolute http(s) URLs.")
            .ValidateOnStart();
        builder.Services.AddOptions<SimulatorOptions>().BindConfiguration("Agents:Simulator")
            .Validate(o => o.LatencyMs >= 0 && o.FailureRate is >= 0 and <= 1 && o.OutputTokens >= 0,
                "Agents:Simulator needs LatencyMs >= 0, FailureRate in [0, 1], OutputTokens >= 0.")
            .ValidateOnStart();
    }

    public static void MapAgents(this WebApplication app)
    {
        app.MapApi().MapGet("/agents", ListAsync).RequireAuthorization(Policies.User).WithName("ListAgents").WithTags("Agents");
        var admin = app.MapApi().MapGroup("/admin/agents").RequireAuthorization(Policies.Admin).WithTags("Agents");
        admin.MapGet("/", ListForAdminAsync).WithName("ListAgentsForAdmin");
        admin.MapPut("/{agentId}", SaveAsync).AcceptsLongText().WithName("SaveAgent");
    }

    private static async Task<Ok<IEnumerable<AdminAgentResource>>> ListForAdminAsync(
        PortalUser user, AgentCatalog catalog, AgentAdministration administration, CancellationToken cancellationToken) =>
        TypedResults.Ok((await catalog.ListAsync(user.TenantId, cancellationToken)).Select(agent => AdminAgentResource.From(user.TenantId, agent,
            administration)));

    /// <summary>Creates the agent when <c>version</c> is 0, else saves over exactly that version.</summary>
    private static async Task<Results<Ok<AdminAgentResource>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        string agentId, AgentDefinition agent, PortalUser user, AgentAdministration administration, CancellationToken cancellationToken)
    {
        if (agent.Id != agentId)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["The id in the body differs from the one in the address."] });
        return await administration.SaveAsync(user, agent, cancellationToken) switch
        {
            AgentSave.Saved saved => TypedResults.Ok(AdminAgentResource.From(user.TenantId, saved.Agent, administration)),
            AgentSave.Invalid invalid => TypedResults.ValidationProblem(
                invalid.Problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => AgentProblemText.English(p.Problem)).ToArray()),
                title: "The agent was not saved."),
            _ => ApiProblems.Conflict("The agent changed since you read it",
                "Someone saved this agent (or took this id) in between; read it again and make your change on the current version."),
        };
    }

    private static async Task<Ok<IEnumerable<AgentResource>>> ListAsync(PortalUser user, AgentCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok((await catalog.ListAsync(user.TenantId, cancellationToken)).Select(AgentResource.From));
}

/// <summary>An agent with its route, as admins see it: secrets by name and whether they resolve, never their values.</summary>
public sealed record AdminAgentResource(AgentDefinition Agent, IReadOnlyList<SecretStatus> Secrets, DateTimeOffset? PausedUntil)
{
    public static AdminAgentResource From(string tenantId, AgentDefinition agent, AgentAdministration administration) =>
        new(agent, administration.SecretsOf(tenantId, agent), administration.PausedUntil(tenantId, agent));
}

/// <summary>The API's English for a problem with an agent's field; pages use the resource files.</summary>
public static class AgentProblemText
{
    public static string English(AgentProblem problem) => problem switch
    {
        AgentProblem.Required => "Required.",
        AgentProblem.TooLong => "Too long, or contains characters that cannot be stored.",
        AgentProblem.BadId => "2 to 60 lowercase letters, digits and dashes, not starting with a dash.",
        AgentProblem.UnknownDepartment => $"One of: {string.Join(", ", Departments.All)}.",
        AgentProblem.NotAnAddress => "An http or https address without credentials in it.",
        AgentProblem.NotASecretName => "The name of a secret (letters, digits, dashes, underscores), not its value.",
        AgentProblem.UnknownSecret => "No secret of this name is configured for your organisation.",
        AgentProblem.AddressNotAllowed => "This address is in a private or internal network, which agents may not call.",
        _ => "Out of the allowed range.",
    };
}

public sealed record AgentResource(string Id, string Name, string Department, string Description, bool IsLead, string Route, bool Enabled)
{
    public static AgentResource From(AgentDefinition agent) =>
        new(agent.Id, agent.Name, agent.Department, agent.Description, agent.IsLead, agent.Route.ToString().ToLowerInvariant(), agent.Enabled);
}
