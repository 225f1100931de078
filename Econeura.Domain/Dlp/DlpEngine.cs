namespace Econeura.Domain.Dlp;

/// <summary>The fail-closed pipeline the portal calls: scan within the text's work budget, decide by policy, redact.</summary>
public static class DlpEngine
{
    /// <summary>
    /// Fail-closed pipeline: scan within <see cref="ScanBudget.For"/> the text, evaluate <paramref name="policy"/>, and
    /// redact the findings whose action is not Allow with <paramref name="policyOperator"/>. Never throws for scan problems (they become Block).
    /// </summary>
    /// <param name="requested">
    /// A caller's own operator (the gateway's <c>policy.pii</c>). A caller may add redaction, never take any away: for each
    /// finding the stricter of the policy and the request applies, in the order
    /// allow &lt; mask &lt; hash &lt; replace &lt; require approval &lt; block. Mask shows part of the value, hash none of it
    /// but the same value hashes alike, replace only its type. So a finding the policy allows is redacted with the
    /// caller's operator, one it redacts keeps the stricter of the two operators, and approvals and blocks stay.
    /// </param>
    public static DlpResult Process(string text, DlpPolicy policy, RedactionOperator policyOperator,
        ReadOnlySpan<byte> hmacKey = default, RedactionOperator? requested = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var outcome = DlpScanner.Scan(text, ScanBudget.For(text), cancellationToken);
        var applied = requested is null ? policy : policy.AtLeast(DlpAction.Redact);
        var decision = applied.Evaluate(outcome);
        if (!outcome.Succeeded) return new DlpResult(outcome, decision, null);
        var toRedact = new List<Finding>(outcome.Findings.Count);
        foreach (var finding in outcome.Findings)
            if (applied.ActionFor(finding.Type) != DlpAction.Allow) toRedact.Add(finding);
        var redaction = Redactor.Redact(text, toRedact, finding => OperatorFor(policy.ActionFor(finding.Type), policyOperator, requested), hmacKey);
        return new DlpResult(outcome, decision, redaction);
    }

    private static RedactionOperator OperatorFor(DlpAction policyAction, RedactionOperator policyOperator, RedactionOperator? requested) =>
        requested is not { } asked ? policyOperator
        : policyAction == DlpAction.Allow ? asked
        : Stricter(policyOperator, asked);

    /// <summary>The operator that shows less of the value: replace (its type) over hash (a keyed digest) over mask (a part).</summary>
    private static RedactionOperator Stricter(RedactionOperator first, RedactionOperator second) => Rank(first) >= Rank(second) ? first : second;

    private static int Rank(RedactionOperator redaction) => redaction switch
    {
        RedactionOperator.Mask => 0,
        RedactionOperator.Hash => 1,
        _ => 2,
    };
}
