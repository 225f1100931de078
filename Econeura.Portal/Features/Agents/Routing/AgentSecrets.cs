namespace Econeura.Portal.Features.Agents.Routing;

/// <summary>
/// Secrets a route names (<c>Secrets:&lt;name&gt;</c> in configuration: an environment variable <c>Secrets__name</c>, a
/// key vault provider, user secrets), read at call time so a rotated value is used at once. Their values never leave
/// the connector that sends them: not to logs, traces, events or pages.
/// </summary>
public sealed class AgentSecrets(IConfiguration configuration)
{
    public string? Find(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : configuration[$"Secrets:{name}"] is { Length: > 0 } value ? value : null;

    /// <summary>The value, or a failure that names the missing secret (never a value) and is not worth retrying.</summary>
    public string Require(string name) =>
        Find(name) ?? throw new AgentCallException($"The secret '{name}' is not configured (Secrets:{name}).", permanent: true);
}
