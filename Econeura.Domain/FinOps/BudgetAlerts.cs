namespace Econeura.Domain.FinOps;

// One stream per budget and month: the thresholds it crossed and what became of each alert's delivery.

/// <param name="Posted">Whether the alert also goes to the configured webhook, or lives in the portal only.</param>
public sealed record BudgetThresholdCrossed(
    string Scope, string Month, int ThresholdPercent, decimal SpentEur, decimal LimitEur, bool Posted, DateTimeOffset CrossedAt);

public sealed record BudgetAlertDelivered(string Scope, string Month, int ThresholdPercent, DateTimeOffset DeliveredAt);

/// <summary>The webhook could not be reached after every retry; the portal shows it.</summary>
public sealed record BudgetAlertDeliveryFailed(string Scope, string Month, int ThresholdPercent, int Attempts, string Error, DateTimeOffset FailedAt);

/// <summary>The thresholds a budget-month stream has already crossed.</summary>
public sealed record BudgetMonth(IReadOnlySet<int> Crossed)
{
    public static BudgetMonth Empty { get; } = new(new HashSet<int>());

    public static BudgetMonth Fold(IEnumerable<object> events) => events.Aggregate(Empty, Evolve);

    public static BudgetMonth Evolve(BudgetMonth state, object @event) => @event switch
    {
        BudgetThresholdCrossed e => new BudgetMonth(new HashSet<int>(state.Crossed) { e.ThresholdPercent }),
        BudgetAlertDelivered or BudgetAlertDeliveryFailed => state,
        _ => throw new InvalidOperationException($"Unknown budget event {@event.GetType().Name}."),
    };
}

public static class BudgetAlertDecisions
{
    /// <summary>
    /// Each threshold the spend has reached that this month has not crossed yet, once: checking again, or from two
    /// places at once (the stream is appended at the version read), raises nothing more.
    /// </summary>
    public static IReadOnlyList<BudgetThresholdCrossed> Check(BudgetMonth state, BudgetRule budget, string month, decimal spentEur, bool posted, DateTimeOffset now) =>
        budget.ThresholdsPercent
            .Order()
            .Where(percent => !state.Crossed.Contains(percent) && spentEur >= budget.AmountAt(percent))
            .Select(percent => new BudgetThresholdCrossed(budget.Scope, month, percent, spentEur, budget.LimitEur, posted, now))
            .ToList();
}
