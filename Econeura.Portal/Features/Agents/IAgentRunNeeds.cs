using Econeura.Domain.Agents;
using Microsoft.AspNetCore.Components;

namespace Econeura.Portal.Features.Agents;

/// <summary>
/// What a person's runs of an agent need at the least (their risk, and whether someone must approve them), shown beside
/// the agent before anything is typed. The risk policy is Approvals' to read, so Approvals provides it.
/// </summary>
public interface IAgentRunNeeds
{
    /// <summary>Reads the tenant's policy once; the function then renders the note of any agent of the catalog for <paramref name="user"/>.</summary>
    Task<Func<AgentDefinition, RenderFragment>> ForAsync(PortalUser user, CancellationToken cancellationToken = default);
}
