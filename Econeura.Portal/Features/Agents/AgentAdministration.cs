using Econeura.Portal.Features.Agents.Routing;
using Econeura.Portal.Infrastructure.Egress;
using Econeura.Domain.Agents;

namespace Econeura.Portal.Features.Agents;

public abstract record AgentSave
{
    public sealed record Saved(AgentDefinition Agent) : AgentSave;
    public sealed record Invalid(IReadOnlyList<(string Field, AgentProblem Problem)> Problems) : AgentSave;

    /// <summary>Someone saved the agent in between (or, for a new one, took its id): nothing was changed.</summary>
    public sealed record Stale : AgentSave;
}

/// <param name="Field">Where the route names it, e.g. <c>webhook.authSecret</c>.</param>
public sealed record SecretStatus(string Field, string Name, bool Resolves);

/// <summary>
/// Admins' edits to their tenant's catalog: validated, refused when stale, and kept with who changed what. Also what
/// an admin needs to see about a route: whether its secrets resolve (never their values) and whether its circuit is open.
/// </summary>
public sealed class AgentAdministration(
    VersionedSettings settings, AgentCatalog catalog, AgentSecrets secrets, AgentCircuits circuits, EgressPolicy egress)
{
    public async Task<AgentSave> SaveAsync(PortalUser by, AgentDefinition agent, CancellationToken cancellationToken = default)
    {
        if (AgentRules.Validate(agent) is { Count: > 0 } problems) return new AgentSave.Invalid(problems);
        if (await TenantProblemsAsync(by.TenantId, agent, cancellationToken) is { Count: > 0 } tenantProblems) return new AgentSave.Invalid(tenantProblems);
        await catalog.ListAsync(by.TenantId, cancellationToken); // a first save must not race the seed
        return await settings.SaveAsync(by.TenantId, agent, by, cancellationToken)
            ? new AgentSave.Saved(agent)
            : new AgentSave.Stale();
    }

    public Task<IReadOnlyList<SettingsChange>> HistoryAsync(string tenantId, string agentId, CancellationToken cancellationToken = default) =>
        settings.HistoryAsync<AgentDefinition>(tenantId, agentId, cancellationToken: cancellationToken);

    /// <summary>Whether each secret the agent's route names is one of the tenant's (its own, or a platform one granted to it).</summary>
    public IReadOnlyList<SecretStatus> SecretsOf(string tenantId, AgentDefinition agent) =>
        new (string Field, string? Name)[]
            {
                ("webhook.authSecret", agent.Route == AgentRoute.Webhook ? agent.Webhook?.AuthSecret : null),
                ("webhook.signingSecret", agent.Route == AgentRoute.Webhook ? agent.Webhook?.SigningSecret : null),
                ("chat.apiKeySecret", agent.Route == AgentRoute.Chat ? agent.Chat?.ApiKeySecret : null),
            }
            .SelectMany(s => string.IsNullOrWhiteSpace(s.Name)
                ? Array.Empty<SecretStatus>()
                : [new SecretStatus(s.Field, s.Name, secrets.Find(tenantId, s.Name) is not null)])
            .ToList();

    /// <summary>Until when the tenant's calls to the agent's webhook host are paused after repeated failures, if they are.</summary>
    public DateTimeOffset? PausedUntil(string tenantId, AgentDefinition agent) =>
        agent.Route == AgentRoute.Webhook ? circuits.OpenUntil(tenantId, agent.Webhook?.Url) : null;

    /// <summary>
    /// What only the tenant can answer: every secret named is the tenant's, and the address is one its agents may call.
    /// The call checks both again, where it connects.
    /// </summary>
    private async Task<List<(string Field, AgentProblem Problem)>> TenantProblemsAsync(string tenantId, AgentDefinition agent,
        CancellationToken cancellationToken)
    {
        var problems = SecretsOf(tenantId, agent).Where(s => !s.Resolves).Select(s => (s.Field, AgentProblem.UnknownSecret)).ToList();
        var (field, address) = agent.Route switch
        {
            AgentRoute.Webhook => ("webhook.url", agent.Webhook?.Url),
            AgentRoute.Chat => ("chat.endpoint", agent.Chat?.Endpoint),
            _ => ("", null),
        };
        if (address is not null && !await egress.AllowsAddressAsync(address, tenantId, cancellationToken))
            problems.Add((field, AgentProblem.AddressNotAllowed));
        return problems;
    }
}
