using Econeura.Portal.Features.Agents.Routing;
using Econeura.Domain.Agents;
using Econeura.Portal.Features.Dlp;
using Econeura.Portal.Features.FinOps;
using Econeura.Domain.Approvals;
using Econeura.Domain.Dlp;

namespace Econeura.Portal.Features.Approvals;

/// <summary>
/// Everything decided about a request before anything is stored: what DLP makes of the input, the estimated cost at
/// today's price, how the budgets stand, and the risk with its reasons. The launch, the launch preview, the dry-run API
/// and the admin's dry run all ask here, so what a preview promises is what the launch does.
/// </summary>
public sealed class LaunchScreening(
    AgentDlpPolicies dlpPolicies,
    DlpScreening dlp,
    RiskPolicies riskPolicies,
    PriceTable prices,
    BudgetStandings budgets,
    AgentCallBounds bounds)
{
    /// <param name="requested">A caller's own redaction operator (the gateway's <c>policy.pii</c>): it adds to the agent's policy, never loosens it.</param>
    /// <param name="riskPolicy">A risk policy not yet saved (the admin's dry run of their edits); otherwise the tenant's.</param>
    /// <param name="history">A conversation's turn: the messages sent with it, whose tokens the call is priced for too.</param>
    public async Task<Screening> ScreenAsync(
        PortalUser user, AgentDefinition agent, string input, CancellationToken cancellationToken = default, RedactionOperator? requested = null,
        RiskPolicy? riskPolicy = null, IReadOnlyList<AgentMessage>? history = null)
    {
        var screened = await ScreenForDlpAsync(user, agent, input, requested, cancellationToken);
        var sent = screened.Redaction?.Redacted ?? input;
        var standings = await budgets.ForAsync(user.TenantId, new BudgetedRun(agent.Department, agent.Id, user.UserId, user.DisplayName), cancellationToken);
        var price = (await prices.BookAsync(user.TenantId, cancellationToken)).For(agent, standings.Today);
        // An upper bound, not a guess: the most the call can be billed for (docs/finops.md), so a reservation covers it.
        var estimate = price?.MostCostOf(bounds.Of(agent, Read(agent, sent, history))) ?? 0m;
        riskPolicy ??= (await riskPolicies.GetAsync(user.TenantId, cancellationToken)).Policy;
        // The budgets as this request would leave them: it reserves its estimate when it is accepted.
        var afterRequest = standings.Budgets.Select(b => b with { RequestEur = estimate }).ToList();
        var risk = RiskAssessor.Assess(
            new RiskInput(agent.Risk, agent.Department, screened.Decision, screened.Scan.Findings, estimate, afterRequest, user.Roles),
            riskPolicy);
        return new Screening(screened, risk, estimate, afterRequest, standings.Today);
    }

    /// <summary>The input as it would be stored and sent: redacted by the agent's DLP policy (and the caller's own operator).</summary>
    public async Task<string> RedactedAsync(
        PortalUser user, AgentDefinition agent, string input, RedactionOperator? requested, CancellationToken cancellationToken = default)
    {
        var screened = await ScreenForDlpAsync(user, agent, input, requested, cancellationToken);
        return screened.Redaction?.Redacted ?? input;
    }

    private async Task<DlpResult> ScreenForDlpAsync(
        PortalUser user, AgentDefinition agent, string input, RedactionOperator? requested, CancellationToken cancellationToken) =>
        dlp.Screen(input, (await dlpPolicies.GetAsync(user.TenantId, agent.Id, cancellationToken)).ToPolicy(), requested);

    /// <summary>
    /// Everything the call's input tokens are counted from: a chat model also reads the agent's personality, and a
    /// conversation's turn the history before it.
    /// </summary>
    private static string Read(AgentDefinition agent, string sent, IReadOnlyList<AgentMessage>? history)
    {
        var personality = agent.Route == AgentRoute.Chat ? agent.SystemPromptIn(ReplyLanguage.Of(sent, history)) : null;
        return string.Join("\n", new[] { personality, ConversationHistory.TextOf(history), sent }.Where(text => !string.IsNullOrEmpty(text)));
    }
}
