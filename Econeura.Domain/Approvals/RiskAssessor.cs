using Econeura.Domain.Common;
using Econeura.Domain.Dlp;
using Econeura.Domain.FinOps;

namespace Econeura.Domain.Approvals;

/// <summary>The rules that can raise a request's risk; each one that fires becomes a reason people can read.</summary>
public enum RiskRule
{
    /// <summary>The agent's own rating in the catalog.</summary>
    AgentRating,

    /// <summary>The agent's DLP policy wants a person to look at inputs with these findings.</summary>
    DlpRequiresApproval,

    /// <summary>Many personal-data items in one input: a bulk operation.</summary>
    BulkPersonalData,

    /// <summary>The estimated cost reaches the policy's threshold.</summary>
    EstimatedCost,

    /// <summary>The month's budget is nearly or fully spent.</summary>
    BudgetLeft,

    /// <summary>The agent's department asks for a role the requester does not hold.</summary>
    RequesterRole,
}

/// <summary>
/// One rule that fired, with the facts the reader needs: <see cref="Subject"/> names what it is about (an entity type, a
/// department, a budget), <see cref="Count"/>, <see cref="Amount"/> and <see cref="Limit"/> the figures, and
/// <see cref="Requires"/> the role a department asks for; <see cref="SubjectName"/> the person whose budget it is.
/// </summary>
public sealed record RiskReason(
    RiskRule Rule, RiskLevel Level, string? Subject = null, int? Count = null, decimal? Amount = null, decimal? Limit = null, string? Requires = null,
    string? SubjectName = null)
{
    /// <summary>The reason without a budget's spend and limit, for a reader who may not see budgets.</summary>
    public RiskReason WithoutBudgetFigures() => Rule == RiskRule.BudgetLeft ? this with { Amount = null, Limit = null } : this;
}

/// <summary>
/// What a risk level asks for: how many distinct approvers, when an unanswered request escalates and expires, and what
/// expiry does. With a <see cref="Chain"/> the request goes through its stages instead (<see cref="EscalationChains"/>),
/// and the escalation and expiry follow from them.
/// </summary>
public sealed record RiskLevelPolicy(
    int ApprovalsRequired, TimeSpan EscalateAfter, TimeSpan ExpireAfter, IReadOnlyList<ChainStage>? Chain = null,
    ExpiryAction OnExpiry = ExpiryAction.Reject);

/// <summary>A tenant's risk policy: the thresholds of the rules, and what each level asks for.</summary>
public sealed record RiskPolicy
{
    public const int MaxApprovals = 5;
    private const int MaxNameLength = 100;
    public static readonly TimeSpan MaxExpiry = TimeSpan.FromDays(30);

    public RiskLevelPolicy Low { get; init; } = new(0, TimeSpan.FromHours(4), TimeSpan.FromHours(24));
    public RiskLevelPolicy Medium { get; init; } = new(1, TimeSpan.FromHours(4), TimeSpan.FromHours(24));
    public RiskLevelPolicy High { get; init; } = new(2, TimeSpan.FromHours(2), TimeSpan.FromHours(8));

    /// <summary>An estimated cost at or above this is medium risk; ten times it is high. Zero turns the rule off.</summary>
    public decimal CostThresholdEur { get; init; } = 0.50m;

    /// <summary>An input with at least this many personal-data findings is medium risk. Zero turns the rule off.</summary>
    public int BulkFindingsThreshold { get; init; } = 5;

    /// <summary>Department → the role a requester needs for its agents to stay low risk (finance agents for finance staff).</summary>
    public IReadOnlyDictionary<string, string> DepartmentRoles { get; init; } = new Dictionary<string, string> { ["cfo"] = "Econeura.Finance" };

    public static RiskPolicy Default { get; } = new();

    /// <summary>What <paramref name="level"/> asks for; a level no member names (stored before enums were checked) asks for the most.</summary>
    public RiskLevelPolicy For(RiskLevel level) => level switch
    {
        RiskLevel.Low => Low,
        RiskLevel.Medium => Medium,
        _ => High,
    };

    /// <summary>What is wrong with this policy, field by field; empty when it can be saved.</summary>
    public IReadOnlyDictionary<string, string> Problems()
    {
        var problems = new Dictionary<string, string>();
        foreach (var level in Enum.GetValues<RiskLevel>())
        {
            var policy = For(level);
            var name = level.ToString().ToLowerInvariant();
            if (policy.ApprovalsRequired is < 0 or > MaxApprovals) problems[$"{name}.approvalsRequired"] = $"Between 0 and {MaxApprovals}.";
            if (EscalationChains.Problems(policy.Chain).FirstOrDefault() is { } chainProblem) problems[$"{name}.chain"] = chainProblem;
            if (!Enum.IsDefined(policy.OnExpiry)) problems[$"{name}.onExpiry"] = "Reject or return to the requester.";
            if (policy.Chain is { Count: > 0 }) continue;
            if (policy.EscalateAfter <= TimeSpan.Zero) problems[$"{name}.escalateAfter"] = "Must be positive.";
            if (policy.ExpireAfter <= policy.EscalateAfter) problems[$"{name}.expireAfter"] = "Must be later than the escalation.";
            else if (policy.ExpireAfter > MaxExpiry) problems[$"{name}.expireAfter"] = $"At most {MaxExpiry.TotalDays} days.";
        }
        if (Medium.ApprovalsRequired < Low.ApprovalsRequired || High.ApprovalsRequired < Medium.ApprovalsRequired)
            problems["high.approvalsRequired"] = "A higher risk cannot need fewer approvals than a lower one.";
        if (CostThresholdEur < 0) problems["costThresholdEur"] = "Cannot be negative.";
        if (BulkFindingsThreshold < 0) problems["bulkFindingsThreshold"] = "Cannot be negative.";
        if (DepartmentRoles.Any(pair => !IsName(pair.Key) || !IsName(pair.Value)))
            problems["departmentRoles"] = $"Each department and role is a name of at most {MaxNameLength} characters, without control characters.";
        return problems;

        static bool IsName(string text) =>
            !string.IsNullOrWhiteSpace(text) && text.Length <= MaxNameLength && !text.Any(char.IsControl) && StorableText.IsStorable(text);
    }
}

/// <summary>Everything the rules look at, gathered before anything is stored.</summary>
public sealed record RiskInput(
    RiskLevel AgentRating,
    string Department,
    PolicyDecision Dlp,
    IReadOnlyList<Finding> Findings,
    decimal EstimatedCostEur,
    IReadOnlyList<BudgetStanding> Budgets,
    IReadOnlySet<string> RequesterRoles);

/// <summary>The verdict on one request: its level, every rule that fired, and what the policy then asks for.</summary>
/// <param name="Chain">The stages the request goes through, for its level and estimated cost.</param>
public sealed record RiskAssessment(
    RiskLevel Level, IReadOnlyList<RiskReason> Reasons, int ApprovalsRequired, TimeSpan EscalateAfter, TimeSpan ExpireAfter,
    IReadOnlyList<ChainStage>? Chain = null, ExpiryAction OnExpiry = ExpiryAction.Reject)
{
    public bool NeedsApproval => ApprovalsRequired > 0;

    public RiskAssessment WithoutBudgetFigures() => this with { Reasons = Reasons.Select(r => r.WithoutBudgetFigures()).ToList() };
}

public static class RiskAssessor
{
    /// <summary>Budgets at or above this share of their limit raise a request to medium.</summary>
    public const decimal BudgetWarningShare = 0.8m;

    public static RiskAssessment Assess(RiskInput input, RiskPolicy policy)
    {
        var reasons = Rules(input, policy).ToList();
        var level = reasons.Count == 0 ? RiskLevel.Low : reasons.Max(r => r.Level);
        var levelPolicy = policy.For(level);
        // Some reasons are demands, not just weights: a DLP "require approval" or a budget whose policy sends requests to
        // approval at its limit holds the request for a person whatever the level's own setting says.
        var demandsAPerson = reasons.Any(r => r.Rule == RiskRule.DlpRequiresApproval || r is { Rule: RiskRule.BudgetLeft, Level: RiskLevel.High });
        var approvals = demandsAPerson ? Math.Max(1, levelPolicy.ApprovalsRequired) : levelPolicy.ApprovalsRequired;
        var chain = EscalationChains.Route(levelPolicy, input.EstimatedCostEur);
        return new RiskAssessment(level, reasons, approvals, chain[0].Period, chain.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Period), chain,
            levelPolicy.OnExpiry);
    }

    /// <summary>
    /// What every request of an agent by this person comes to at the least, before any input is typed: the rules that do
    /// not read the input (the agent's rating, the role its department asks for). An input can only add to it.
    /// </summary>
    public static RiskAssessment Least(RiskLevel agentRating, string department, IReadOnlySet<string> requesterRoles, RiskPolicy policy) =>
        Assess(new RiskInput(agentRating, department, PolicyDecision.Clean, [], 0m, [], requesterRoles), policy);

    private static IEnumerable<RiskReason> Rules(RiskInput input, RiskPolicy policy)
    {
        // A rating no member names fails closed: it is read as the strictest one.
        var rating = Enum.IsDefined(input.AgentRating) ? input.AgentRating : RiskLevel.High;
        if (rating > RiskLevel.Low) yield return new RiskReason(RiskRule.AgentRating, rating);

        foreach (var reason in input.Dlp.Reasons.Where(r => r is { Action: DlpAction.RequireApproval, EntityType: not null }))
            yield return new RiskReason(RiskRule.DlpRequiresApproval, RiskLevel.Medium, reason.EntityType?.ToWireName(), reason.Count);

        // What a single finding means (a secret, an IBAN) is the DLP policy's to say; many of them is a bulk operation.
        if (policy.BulkFindingsThreshold > 0 && input.Findings.Count >= policy.BulkFindingsThreshold)
            yield return new RiskReason(RiskRule.BulkPersonalData, RiskLevel.Medium, Count: input.Findings.Count, Limit: policy.BulkFindingsThreshold);

        if (policy.CostThresholdEur > 0 && input.EstimatedCostEur >= policy.CostThresholdEur)
        {
            var level = input.EstimatedCostEur >= policy.CostThresholdEur * 10 ? RiskLevel.High : RiskLevel.Medium;
            yield return new RiskReason(RiskRule.EstimatedCost, level, Amount: input.EstimatedCostEur, Limit: policy.CostThresholdEur);
        }

        foreach (var budget in input.Budgets)
        {
            if (budget.Exhausted && budget.AtLimitNeedsApproval)
                yield return new RiskReason(RiskRule.BudgetLeft, RiskLevel.High, budget.Scope, Amount: budget.CommittedEur, Limit: budget.LimitEur,
                    SubjectName: budget.OwnerName);
            else if (budget.Share >= BudgetWarningShare)
                yield return new RiskReason(RiskRule.BudgetLeft, RiskLevel.Medium, budget.Scope, Amount: budget.CommittedEur, Limit: budget.LimitEur,
                    SubjectName: budget.OwnerName);
        }

        if (policy.DepartmentRoles.TryGetValue(input.Department, out var role) && !input.RequesterRoles.Contains(role))
            yield return new RiskReason(RiskRule.RequesterRole, RiskLevel.Medium, input.Department, Requires: role);
    }
}
