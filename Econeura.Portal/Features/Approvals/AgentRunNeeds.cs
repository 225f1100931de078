using Econeura.Domain.Agents;
using Econeura.Domain.Approvals;
using Econeura.Portal.Features.Agents;
using Microsoft.AspNetCore.Components;

namespace Econeura.Portal.Features.Approvals;

/// <summary>
/// What a person's runs of an agent need before any input: the risk policy's rules that do not read the input
/// (<see cref="RiskAssessor.Least"/>) under the tenant's policy. The launch's own screening can only add to it.
/// </summary>
public sealed class AgentRunNeeds(RiskPolicies policies) : IAgentRunNeeds
{
    public async Task<RiskAssessment> LeastAsync(PortalUser user, AgentDefinition agent, CancellationToken cancellationToken = default) =>
        Least(user, agent, (await policies.GetAsync(user.TenantId, cancellationToken)).Policy);

    public async Task<Func<AgentDefinition, RenderFragment>> ForAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        var policy = (await policies.GetAsync(user.TenantId, cancellationToken)).Policy;
        return agent => builder =>
        {
            builder.OpenComponent<RunNeedsNote>(0);
            builder.AddComponentParameter(1, nameof(RunNeedsNote.Least), Least(user, agent, policy));
            builder.CloseComponent();
        };
    }

    private static RiskAssessment Least(PortalUser user, AgentDefinition agent, RiskPolicy policy) =>
        RiskAssessor.Least(agent.Risk, agent.Department, user.Roles, policy);
}
