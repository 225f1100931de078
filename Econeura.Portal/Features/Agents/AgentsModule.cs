using Econeura.Portal.Features.Agents.Routing;

namespace Econeura.Portal.Features.Agents;

public static class AgentsModule
{
    public static void AddAgents(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AgentCatalog>();
        builder.Services.AddSingleton<AgentConnectors>();
        builder.Services.AddSingleton<IAgentConnector, SimulatorConnector>();
        builder.Services.AddSingleton<IAgentConnector, WebhookConnector>();
        builder.Services.AddSingleton<IAgentConnector, ChatConnector>();
        builder.Services.AddSingleton<AgentSecrets>();
        builder.Services.AddAgentHttpClients();
        builder.Services.AddOptions<SimulatorOptions>().BindConfiguration("Agents:Simulator")
            .Validate(o => o.LatencyMs >= 0 && o.FailureRate is >= 0 and <= 1 && o.OutputTokens >= 0, "Agents:Simulator needs LatencyMs >= 0, FailureRate in [0, 1], OutputTokens >= 0.")
            .ValidateOnStart();
    }

    public static void MapAgents(this WebApplication app)
    {
        app.MapApi().MapGet("/agents", ListAsync).RequireAuthorization(Policies.User).WithName("ListAgents").WithTags("Agents");
    }

    private static async Task<Ok<IEnumerable<AgentResource>>> ListAsync(PortalUser user, AgentCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok((await catalog.ListAsync(user.TenantId, cancellationToken)).Select(AgentResource.From));
}

public sealed record AgentResource(string Id, string Name, string Department, string Description, bool IsLead, string Route, bool Enabled)
{
    public static AgentResource From(AgentDefinition agent) =>
        new(agent.Id, agent.Name, agent.Department, agent.Description, agent.IsLead, agent.Route.ToString().ToLowerInvariant(), agent.Enabled);
}
