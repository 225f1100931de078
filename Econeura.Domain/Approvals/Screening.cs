using Econeura.Domain.Dlp;
using Econeura.Domain.FinOps;

namespace Econeura.Domain.Approvals;

/// <summary>
/// What screening made of a request before anything is stored: the DLP result, the risk verdict, the estimated cost,
/// and how the budgets it would spend from stand on <paramref name="Today"/>, the tenant's day.
/// </summary>
public sealed record Screening(
    DlpResult Dlp, RiskAssessment Risk, decimal EstimatedCostEur, IReadOnlyList<BudgetStanding>? Budgets = null, DateOnly Today = default)
{
    /// <summary>A spent budget whose policy stops new requests: the launch is refused, and nothing is stored.</summary>
    public BudgetStanding? BlockingBudget => Budgets?.FirstOrDefault(b => b.Blocks);
}
