namespace Econeura.Domain.Dlp;

/// <summary>Pure DLP policy: a default action plus per-entity-type overrides.</summary>
public sealed class DlpPolicy
{
    private readonly DlpAction[] _actions;

    public DlpPolicy(DlpAction defaultAction = DlpAction.Redact, IReadOnlyDictionary<EntityType, DlpAction>? overrides = null, double minScore = 0.0)
    {
        DefaultAction = defaultAction;
        MinScore = minScore;
        var dict = new Dictionary<EntityType, DlpAction>();
        _actions = new DlpAction[EntityTypeExtensions.All.Count];
        for (int i = 0; i < _actions.Length; i++) _actions[i] = defaultAction;
        if (overrides is not null)
        {
            foreach (var (type, action) in overrides)
            {
                dict[type] = action;
                _actions[(int)type] = action;
            }
        }
        Overrides = dict;
    }

    /// <summary>Redact everything.</summary>
    public static DlpPolicy Default { get; } = new();

    /// <summary>Block secrets, redact the rest.</summary>
    public static DlpPolicy BlockSecrets { get; } = new(DlpAction.Redact, new Dictionary<EntityType, DlpAction> { [EntityType.SECRET] = DlpAction.Block });

    public DlpAction DefaultAction { get; }
    public IReadOnlyDictionary<EntityType, DlpAction> Overrides { get; }

    /// <summary>Findings scoring below this are ignored by <see cref="Evaluate(IReadOnlyList{Finding})"/>.</summary>
    public double MinScore { get; }

    public DlpAction ActionFor(EntityType type) => _actions[(int)type];

    /// <summary>Returns a copy of this policy with one override added or replaced.</summary>
    public DlpPolicy With(EntityType type, DlpAction action)
    {
        var d = new Dictionary<EntityType, DlpAction>(Overrides) { [type] = action };
        return new DlpPolicy(DefaultAction, d, MinScore);
    }

    /// <summary>Strictest action over all findings (Block &gt; RequireApproval &gt; Redact &gt; Allow); Allow when nothing is found.</summary>
    public PolicyDecision Evaluate(IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        Span<int> counts = stackalloc int[_actions.Length];
        bool any = false;
        foreach (var f in findings)
        {
            if (f.Score < MinScore) continue;
            counts[(int)f.Type]++;
            any = true;
        }
        if (!any) return PolicyDecision.Clean;
        var reasons = new List<PolicyReason>();
        var strictest = DlpAction.Allow;
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0) continue;
            var action = _actions[i];
            reasons.Add(new PolicyReason(PolicyReasonCode.EntityDetected, (EntityType)i, counts[i], action));
            if (action > strictest) strictest = action;
        }
        reasons.Sort((a, b) => b.Action != a.Action ? b.Action.CompareTo(a.Action) : a.EntityType!.Value.CompareTo(b.EntityType!.Value));
        return new PolicyDecision(strictest, reasons);
    }

    /// <summary>Fail closed: a failed or timed-out scan is always Block.</summary>
    public PolicyDecision Evaluate(ScanOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!outcome.Succeeded)
        {
            var code = outcome.Failure == ScanFailure.TimedOut ? PolicyReasonCode.ScanTimedOut : PolicyReasonCode.ScanFailed;
            return new PolicyDecision(DlpAction.Block, new[] { new PolicyReason(code, null, 0, DlpAction.Block) });
        }
        return Evaluate(outcome.Findings);
    }
}
