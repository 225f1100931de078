using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

/// <summary>The defaults of every tenant until its finance staff set their own (section <c>FinOps</c>).</summary>
public sealed class FinOpsOptions
{
    /// <summary>The IANA zone whose months and days budgets and dashboards follow.</summary>
    public string TimeZone { get; set; } = "Europe/Madrid";

    public decimal DefaultBudgetEur { get; set; } = 100m;

    public List<int> DefaultThresholdsPercent { get; set; } = [50, 80, 100];

    public BudgetAtLimit DefaultAtLimit { get; set; } = BudgetAtLimit.Block;

    public static bool IsKnownZone(string zone) => TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _);
}
