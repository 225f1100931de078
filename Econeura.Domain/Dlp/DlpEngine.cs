namespace Econeura.Domain.Dlp;

/// <summary>The fail-closed pipeline the portal calls: scan within a budget, decide by policy, redact.</summary>
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
        if (!outcome.Succeeded) return new DlpResult(outcome, decision, null);
        var toRedact = new List<Finding>(outcome.Findings.Count);
        foreach (var finding in outcome.Findings)
            if (policy.ActionFor(finding.Type) != DlpAction.Allow) toRedact.Add(finding);
        return new DlpResult(outcome, decision, Redactor.Redact(text, toRedact, op, hmacKey));
    }
}
