using Econeura.Domain.Approvals;

namespace Econeura.Portal.Features.Approvals;

/// <summary>
/// What a reader is shown of a risk assessment: a budget's spend and limit only to those who may read budgets (the
/// FinOps policy); others learn that a budget is nearly or fully spent, not by how much.
/// </summary>
public static class RiskDisclosure
{
    public static RiskAssessment AsSeenBy(this RiskAssessment risk, PortalUser reader) =>
        reader.Meets(Policies.FinOps) ? risk : risk.WithoutBudgetFigures();
}
