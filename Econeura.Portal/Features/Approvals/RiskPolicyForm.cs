using Econeura.Domain.Approvals;

namespace Econeura.Portal.Features.Approvals;

/// <summary>The editable shape of a <see cref="RiskPolicy"/>: hours instead of time spans, lists instead of dictionaries.</summary>
public sealed class RiskPolicyForm
{
    public List<LevelForm> Levels { get; init; } = [];
    public decimal CostThreshold { get; set; }
    public int BulkFindings { get; set; }
    public List<DepartmentRoleRule> DepartmentRoles { get; init; } = [];

    public static RiskPolicyForm From(RiskPolicy policy) => new()
    {
        Levels = Enum.GetValues<RiskLevel>().Select(level => LevelForm.From(level, policy.For(level))).ToList(),
        CostThreshold = policy.CostThresholdEur,
        BulkFindings = policy.BulkFindingsThreshold,
        DepartmentRoles = policy.DepartmentRoles.Select(r => new DepartmentRoleRule { Department = r.Key, Role = r.Value }).ToList(),
    };

    public RiskPolicy ToPolicy() => new()
    {
        Low = Level(RiskLevel.Low),
        Medium = Level(RiskLevel.Medium),
        High = Level(RiskLevel.High),
        CostThresholdEur = CostThreshold,
        BulkFindingsThreshold = BulkFindings,
        DepartmentRoles = CompleteDepartmentRoles().GroupBy(r => r.Department).ToDictionary(g => g.Key, g => g.Last().Role),
    };

    /// <summary>The rows with both a department and a role; a half-filled row is ignored, the last of a department wins.</summary>
    private IEnumerable<(string Department, string Role)> CompleteDepartmentRoles()
    {
        foreach (var row in DepartmentRoles)
            if (row is { Department: { Length: > 0 } department, Role: { Length: > 0 } role }) yield return (department, role);
    }

    private RiskLevelPolicy Level(RiskLevel level) => Levels.Single(l => l.Level == level).ToPolicy();
}

public sealed class LevelForm
{
    public RiskLevel Level { get; init; }
    public int Approvals { get; set; }
    public double EscalateHours { get; set; }
    public double ExpireHours { get; set; }
    public ExpiryAction OnExpiry { get; set; }

    /// <summary>The level's own escalation chain; empty: approvers, then admins too (the two times above).</summary>
    public List<StageForm> Chain { get; init; } = [];

    public static LevelForm From(RiskLevel level, RiskLevelPolicy policy) => new()
    {
        Level = level,
        Approvals = policy.ApprovalsRequired,
        EscalateHours = policy.EscalateAfter.TotalHours,
        ExpireHours = policy.ExpireAfter.TotalHours,
        OnExpiry = policy.OnExpiry,
        Chain = [.. (policy.Chain ?? []).Select(StageForm.From)],
    };

    public RiskLevelPolicy ToPolicy() => new(Approvals, TimeSpan.FromHours(EscalateHours), TimeSpan.FromHours(ExpireHours),
        Chain.Count == 0 ? null : [.. Chain.Select(s => s.ToStage())], OnExpiry);
}

/// <summary>One stage of a chain as the form edits it: a group, hours, and the cost from which requests go through it.</summary>
public sealed class StageForm
{
    public ApproverGroup Group { get; set; }
    public double Hours { get; set; } = 4;
    public decimal FromCostEur { get; set; }

    public static StageForm From(ChainStage stage) => new() { Group = stage.Group, Hours = stage.Period.TotalHours, FromCostEur = stage.FromCostEur };

    public ChainStage ToStage() => new(Group, TimeSpan.FromHours(Hours), FromCostEur);
}

public sealed class DepartmentRoleRule
{
    public string? Department { get; set; }
    public string? Role { get; set; }
}
