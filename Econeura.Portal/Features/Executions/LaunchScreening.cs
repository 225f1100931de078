using Econeura.Domain.Agents;
using Econeura.Domain.Approvals;
using Econeura.Domain.Executions;
using Econeura.Portal.Features.Approvals;
using Econeura.Portal.Features.Dlp;
using Econeura.Portal.Infrastructure.Security;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// Everything decided about a request before anything is stored: what DLP makes of the input, the estimated cost, and
/// the risk with its reasons. The launch, the launch preview, the dry-run API and the admin's dry run all ask here, so
/// what a preview promises is what the launch does.
/// </summary>
public sealed class LaunchScreening(AgentDlpPolicies dlpPolicies, DlpScreening dlp, RiskPolicies riskPolicies)
{
    /// <summary>Output tokens assumed by the estimate until an agent has its own history.</summary>
    public const int TypicalOutputTokens = 180;

    public async Task<Screening> ScreenAsync(PortalUser user, AgentDefinition agent, string input, CancellationToken cancellationToken = default)
    {
        var dlpPolicy = (await dlpPolicies.GetAsync(user.TenantId, agent.Id, cancellationToken)).ToPolicy();
        var screened = dlp.Screen(input, dlpPolicy);
        var sent = screened.Redaction?.Redacted ?? input;
        var estimate = agent.Price.CostOf(TokenEstimate.Of(sent), TypicalOutputTokens);
        var riskPolicy = (await riskPolicies.GetAsync(user.TenantId, cancellationToken)).Policy;
        var risk = RiskAssessor.Assess(
            new RiskInput(agent.Risk, agent.Department, screened.Decision, screened.Scan.Findings, estimate, [], user.Roles),
            riskPolicy);
        return new Screening(screened, risk, estimate);
    }
}
