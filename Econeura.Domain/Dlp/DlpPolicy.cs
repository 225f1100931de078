namespace Econeura.Domain.Dlp;

/// <summary>
/// Pure DLP policy: a default action plus per-entity-type overrides. An action that is not a defined
/// <see cref="DlpAction"/> (a cast integer, a flags combination) fails closed: it is treated as Block.
/// </summary>
public sealed class DlpPolicy
{
    private readonly DlpAction[] _actions;

    public DlpPolicy(DlpAction defaultAction = DlpAction.Redact, IReadOnlyDictionary<EntityType, DlpAction>? overrides = null)
    {
        DefaultAction = FailClosed(defaultAction);
        var checkedOverrides = new Dictionary<EntityType, DlpAction>();
        _actions = new DlpAction[EntityTypeExtensions.All.Count];
        Array.Fill(_actions, DefaultAction);
        foreach (var (type, action) in overrides ?? new Dictionary<EntityType, DlpAction>())
        {
            checkedOverrides[type] = FailClosed(action);
            _actions[(int)type] = FailClosed(action);
        }
        Overrides = checkedOverrides;
    }

    /// <summary>Redact everything.</summary>
    public static DlpPolicy Default { get; } = new();

    public DlpAction DefaultAction { get; }
    public IReadOnlyDictionary<EntityType, DlpAction> Overrides { get; }

    public DlpAction ActionFor(EntityType type) => _actions[(int)type];

    /// <summary>Returns a copy of this policy with one override added or replaced.</summary>
    public DlpPolicy With(EntityType type, DlpAction action) =>
        new(DefaultAction, new Dictionary<EntityType, DlpAction>(Overrides) { [type] = action });

    /// <summary>
    /// This policy with every action at least <paramref name="floor"/>: a caller may ask for more than the policy does, never
    /// for less (an action stricter than the floor stays as it is).
    /// </summary>
    public DlpPolicy AtLeast(DlpAction floor) => new(
        Stricter(DefaultAction, floor),
        EntityTypeExtensions.All.ToDictionary(type => type, type => Stricter(ActionFor(type), floor)));

    private static DlpAction Stricter(DlpAction a, DlpAction b) => a >= b ? a : b;

    /// <summary>
    /// Strictest action over all findings (Block &gt; RequireApproval &gt; Redact &gt; Allow); Allow when nothing is found.
    /// One reason per entity type found, strictest action first, then in <see cref="EntityType"/> order.
    /// </summary>
    public PolicyDecision Evaluate(IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        if (findings.Count == 0) return PolicyDecision.Clean;
        Span<int> counts = stackalloc int[_actions.Length];
        foreach (var finding in findings) counts[(int)finding.Type]++;
        var reasons = new List<PolicyReason>();
        for (var action = DlpAction.Block; action >= DlpAction.Allow; action--)
        {
            for (int type = 0; type < counts.Length; type++)
            {
                if (counts[type] > 0 && _actions[type] == action)
                    reasons.Add(new PolicyReason(PolicyReasonCode.EntityDetected, (EntityType)type, counts[type], action));
            }
        }
        return new PolicyDecision(reasons[0].Action, reasons);
    }

    /// <summary>Fail closed: a failed or timed-out scan is always Block.</summary>
    public PolicyDecision Evaluate(ScanOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!outcome.Succeeded)
        {
            var code = outcome.Failure == ScanFailure.OverBudget ? PolicyReasonCode.ScanOverBudget : PolicyReasonCode.ScanFailed;
            return new PolicyDecision(DlpAction.Block, new[] { new PolicyReason(code, null, 0, DlpAction.Block) });
        }
        return Evaluate(outcome.Findings);
    }

    private static DlpAction FailClosed(DlpAction action) => Enum.IsDefined(action) ? action : DlpAction.Block;
}
