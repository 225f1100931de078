using Econeura.Portal.Infrastructure.LiveUpdates;
using Marten.Events.Aggregation;

namespace Econeura.Portal.Features.FinOps;

public enum AlertDelivery
{
    /// <summary>No webhook is configured: the alert lives in the portal only.</summary>
    PortalOnly,
    Pending,
    Delivered,
    Failed,
}

public sealed record BudgetAlert(int ThresholdPercent, decimal SpentEur, decimal LimitEur, DateTimeOffset CrossedAt, AlertDelivery Delivery, string? DeliveryError = null);

/// <summary>The alerts of one budget in one month: a row of the alerts page and what the bell counts.</summary>
public sealed class BudgetAlertView : ILiveRow
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Scope { get; set; } = "";
    public string Month { get; set; } = "";
    public DateTimeOffset LastCrossedAt { get; set; }
    public List<BudgetAlert> Alerts { get; set; } = [];
}

public sealed partial class BudgetAlertViewProjection : SingleStreamProjection<BudgetAlertView, Guid>
{
    public static BudgetAlertView Create(BudgetThresholdCrossed e) => Apply(new BudgetAlertView { Scope = e.Scope, Month = e.Month }, e);

    public static BudgetAlertView Apply(BudgetAlertView view, BudgetThresholdCrossed e)
    {
        view.Alerts.Add(new BudgetAlert(e.ThresholdPercent, e.SpentEur, e.LimitEur, e.CrossedAt, e.Posted ? AlertDelivery.Pending : AlertDelivery.PortalOnly));
        view.LastCrossedAt = e.CrossedAt;
        return view;
    }

    public void Apply(BudgetAlertView view, BudgetAlertDelivered e) => Set(view, e.ThresholdPercent, AlertDelivery.Delivered, null);

    public void Apply(BudgetAlertView view, BudgetAlertDeliveryFailed e) =>
        Set(view, e.ThresholdPercent, AlertDelivery.Failed, $"{e.Error} ({e.Attempts})");

    private static void Set(BudgetAlertView view, int threshold, AlertDelivery delivery, string? error)
    {
        var index = view.Alerts.FindIndex(a => a.ThresholdPercent == threshold);
        if (index >= 0) view.Alerts[index] = view.Alerts[index] with { Delivery = delivery, DeliveryError = error };
    }
}
