namespace Econeura.Domain.Dlp;

/// <summary>Policy actions, ordered by strictness (Block is strictest).</summary>
public enum DlpAction
{
    Allow = 0,
    Redact = 1,
    RequireApproval = 2,
    Block = 3,
}

public enum PolicyReasonCode
{
    EntityDetected,
    ScanFailed,
    ScanTimedOut,
}

/// <summary>
/// Structured reason (localisable by the UI from Code/EntityType/Count/Action). <see cref="Message"/> is an English default,
/// e.g. "SECRET found (1): blocked by policy".
/// </summary>
public sealed record PolicyReason(PolicyReasonCode Code, EntityType? EntityType, int Count, DlpAction Action)
{
    public string Message => Code switch
    {
        PolicyReasonCode.ScanTimedOut => "scan timed out: blocked (fail closed)",
        PolicyReasonCode.ScanFailed => "scan failed: blocked (fail closed)",
        _ => $"{EntityType?.ToWireName()} found ({Count}): {Verb(Action)}",
    };

    private static string Verb(DlpAction a) => a switch
    {
        DlpAction.Block => "blocked by policy",
        DlpAction.RequireApproval => "approval required by policy",
        DlpAction.Redact => "redacted by policy",
        _ => "allowed by policy",
    };
}

/// <summary>The strictest applicable action and one reason per entity type found (or the scan failure).</summary>
public sealed record PolicyDecision(DlpAction Action, IReadOnlyList<PolicyReason> Reasons)
{
    public static PolicyDecision Clean { get; } = new(DlpAction.Allow, Array.Empty<PolicyReason>());
}

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

/// <summary>Scan + policy + redaction in one call.</summary>
/// <param name="SafeText">Text that may be forwarded: the original when clean, the redacted text when the decision is Allow/Redact,
/// null when the decision is RequireApproval or Block (including every failed scan). Never unscanned text.</param>
public sealed record DlpResult(ScanOutcome Scan, PolicyDecision Decision, RedactionResult? Redaction, string? SafeText);

public static class DlpEngine
{
    /// <summary>Default time budget for one prompt.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Fail-closed pipeline: scan within <paramref name="budget"/>, evaluate <paramref name="policy"/>, and redact the findings whose
    /// action is not Allow with <paramref name="op"/>. Never throws for scan problems (they become Block).
    /// </summary>
    public static DlpResult Process(string text, DlpPolicy policy, RedactionOperator op, TimeSpan budget,
        ReadOnlySpan<byte> hmacKey = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var outcome = DlpScanner.Scan(text, budget, cancellationToken);
        var decision = policy.Evaluate(outcome);
        if (!outcome.Succeeded) return new DlpResult(outcome, decision, null, null);
        var toRedact = new List<Finding>(outcome.Findings.Count);
        foreach (var f in outcome.Findings)
            if (f.Score >= policy.MinScore && policy.ActionFor(f.Type) != DlpAction.Allow) toRedact.Add(f);
        var redaction = Redactor.Redact(text, toRedact, op, hmacKey);
        string? safe = decision.Action is DlpAction.Allow or DlpAction.Redact ? redaction.Redacted : null;
        return new DlpResult(outcome, decision, redaction, safe);
    }
}
