namespace Econeura.Portal.Features.FinOps;

/// <summary>The defaults of every tenant until its finance staff set their own (section <c>FinOps</c>).</summary>
public sealed class FinOpsOptions
{
    /// <summary>The IANA zone whose months and days budgets and dashboards follow.</summary>
    public string TimeZone { get; set; } = "Europe/Madrid";

    public decimal DefaultBudgetEur { get; set; } = 100m;

    public List<int> DefaultThresholdsPercent { get; set; } = [50, 80, 100];

    public BudgetAtLimit DefaultAtLimit { get; set; } = BudgetAtLimit.Block;

    public AlertWebhookOptions AlertWebhook { get; set; } = new();

    public static bool IsKnownZone(string zone) => TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _);
}

/// <summary>Where budget alerts are posted (Teams/Slack-style <c>{"text": ...}</c>); empty <see cref="Url"/>: alerts stay in the portal.</summary>
public sealed class AlertWebhookOptions
{
    public string? Url { get; set; }

    /// <summary>Optional header that carries <see cref="Secret"/> (e.g. a shared key the receiver checks).</summary>
    public string? SecretHeader { get; set; }

    public string? Secret { get; set; }
}
