using Econeura.Domain.Agents;

namespace Econeura.Portal.Features.Agents.Routing;

/// <summary>
/// The secrets a route names, each belonging to a tenant. A tenant's own live under <c>Secrets:Tenants:&lt;tid&gt;:&lt;name&gt;</c>;
/// the operator's platform-wide ones under <c>Secrets:Platform:&lt;name&gt;:Value</c>, usable only by the tenants listed in
/// <c>Secrets:Platform:&lt;name&gt;:Tenants</c> (<c>;</c>-separated ids). Read from configuration (environment variables, a
/// key vault provider) at call time, so a rotated value is used at once. A name that is not the tenant's is answered
/// exactly as a name that does not exist: a tenant learns nothing of another's secrets, not even that they exist.
/// Values never leave the connector that sends them: not to logs, traces, events or pages.
/// </summary>
public sealed class AgentSecrets(IConfiguration configuration)
{
    public const string Section = "Secrets";

    public string? Find(string tenantId, string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || !AgentRules.IsSecretName(name)) return null;
        if (configuration[$"{Section}:Tenants:{tenantId}:{name}"] is { Length: > 0 } own) return own;
        var platform = configuration.GetSection($"{Section}:Platform:{name}");
        var grantedTo = (platform["Tenants"] ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return grantedTo.Contains(tenantId, StringComparer.OrdinalIgnoreCase) && platform["Value"] is { Length: > 0 } shared ? shared : null;
    }

    /// <summary>The value, or a failure that names the missing secret (never a value) and is not worth retrying.</summary>
    public string Require(string tenantId, string name) =>
        Find(tenantId, name) ?? throw new AgentCallException($"No secret named '{name}' is configured for your organisation.", permanent: true);

    /// <summary>
    /// Secrets written the way they were before they belonged to tenants (<c>Secrets:&lt;name&gt;</c>): any tenant could
    /// send them anywhere. The portal refuses to start with one rather than ignore it silently.
    /// </summary>
    public static IReadOnlyList<string> Unscoped(IConfiguration configuration) =>
        configuration.GetSection(Section).GetChildren()
            .Where(child => child.Key is not ("Tenants" or "Platform") && (child.Value is not null || child.GetChildren().Any()))
            .Select(child => child.Key)
            .ToList();
}
