using System.Globalization;
using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

public sealed record BudgetAlertTenant(string Id, string Name);

/// <summary>
/// What a channel receives: a <c>text</c> that Teams, Slack and the like show as it is, and the alert's fields for a
/// program. <see cref="AlertId"/> is the same on every post of one alert to one channel: receivers deduplicate on it.
/// </summary>
/// <param name="Kind"><c>thresholdCrossed</c>, <c>backUnder</c>, <c>unusualSpend</c> or <c>backToNormal</c>.</param>
/// <param name="Reason">For <c>backUnder</c>: <c>limitRaised</c> or <c>monthEnded</c>.</param>
/// <param name="SpentEur">
/// For <c>unusualSpend</c> and <c>backToNormal</c>: the spend of <paramref name="Day"/>, beside <paramref name="UsualEur"/> (no limit: 0).
/// </param>
public sealed record BudgetAlertPayload(
    string Text, Guid AlertId, string Kind, BudgetAlertTenant Tenant, string Scope, string Month, IReadOnlyList<int> ThresholdsPercent,
    decimal SpentEur, decimal LimitEur, string? Reason, DateTimeOffset At, DateOnly? Day = null, decimal? UsualEur = null)
{
    public static BudgetAlertPayload From(RaisedAlert alert, BudgetAlertTenant tenant, string? ownerName = null) => alert.Event switch
    {
        BudgetThresholdCrossed e => new(
            $"Econeura ({tenant.Name}): {BudgetRule.OwnerInEnglish(e.Scope, ownerName)} budget crossed {e.ThresholdPercent} % in {e.Month} " +
            $"({Euros(e.SpentEur)} of {Euros(e.LimitEur)} EUR).",
            e.AlertId, "thresholdCrossed", tenant, e.Scope, e.Month, [e.ThresholdPercent], e.SpentEur, e.LimitEur, null, e.CrossedAt),
        BudgetThresholdsCleared e => new(
            $"Econeura ({tenant.Name}): {BudgetRule.OwnerInEnglish(e.Scope, ownerName)} budget is back under " +
            $"{string.Join(", ", e.ThresholdsPercent.Select(t => $"{t} %"))} " +
            (e.By == BudgetClearedBy.MonthEnded
                ? $"as {e.Month} ended ({Euros(e.SpentEur)} of {Euros(e.LimitEur)} EUR spent); the new month starts with no threshold crossed."
                : $"in {e.Month}: the limit is now {Euros(e.LimitEur)} EUR ({Euros(e.SpentEur)} EUR spent)."),
            e.AlertId, "backUnder", tenant, e.Scope, e.Month, e.ThresholdsPercent, e.SpentEur, e.LimitEur,
            e.By == BudgetClearedBy.MonthEnded ? "monthEnded" : "limitRaised", e.ClearedAt),
        SpendAnomalyFlagged e => new(
            $"Econeura ({tenant.Name}): {BudgetRule.OwnerInEnglish(e.Scope, ownerName)} spend is unusual on {Iso(e.Day)}: " +
            $"{Euros(e.DayEur)} EUR so far, usually {Euros(e.UsualEur)} EUR a day.",
            e.AlertId, "unusualSpend", tenant, e.Scope, e.Month, [], e.DayEur, 0m, null, e.At, e.Day, e.UsualEur),
        SpendBackToNormal e => new(
            $"Econeura ({tenant.Name}): {BudgetRule.OwnerInEnglish(e.Scope, ownerName)} spend is back to normal on {Iso(e.Day)}: " +
            $"{Euros(e.DayEur)} EUR so far, usually {Euros(e.UsualEur)} EUR a day.",
            e.AlertId, "backToNormal", tenant, e.Scope, e.Month, [], e.DayEur, 0m, null, e.At, e.Day, e.UsualEur),
        _ => throw new InvalidOperationException($"{alert.Event.GetType().Name} is not an alert."),
    };

    private static string Euros(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
