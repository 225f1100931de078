using System.Text.Json.Serialization;
using Econeura.Portal.Infrastructure.LiveUpdates;
using Marten.Events.Aggregation;
using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

/// <summary>How an alert fared on all its channels together: what the alerts page shows first.</summary>
public enum AlertDelivery
{
    /// <summary>The tenant had no channel when it was raised: the alert lives in the portal only.</summary>
    PortalOnly,
    Delivered,
    Pending,

    /// <summary>A channel may or may not have it (the outcome of its post was lost); it is not posted again.</summary>
    Unknown,
    Failed,
}

public enum BudgetAlertKind
{
    Crossed,
    BackUnder,

    /// <summary>A department's or an agent's spend of a day is far above its usual level (<see cref="SpendAnomalyFlagged"/>).</summary>
    UnusualSpend,
    BackToNormal,
}

/// <param name="ThresholdsPercent">The threshold crossed, or the thresholds back under.</param>
/// <param name="Channels">Each channel it goes to, and how far its delivery there got.</param>
/// <param name="SpentEur">For unusual spend, the day's spend (<paramref name="Day"/>), beside its usual level (<paramref name="UsualEur"/>); no limit.</param>
public sealed record BudgetAlert(
    Guid AlertId, BudgetAlertKind Kind, IReadOnlyList<int> ThresholdsPercent, decimal SpentEur, decimal LimitEur, BudgetClearedBy? ClearedBy,
    DateTimeOffset At, Dictionary<Guid, ChannelDelivery?> Channels, DateOnly? Day = null, decimal? UsualEur = null)
{
    // A row stored before alerts had channels reads as one that lived in the portal only.
    public IReadOnlyList<int> ThresholdsPercent { get; init; } = ThresholdsPercent ?? [];

    public Dictionary<Guid, ChannelDelivery?> Channels { get; init; } = Channels ?? [];

    [JsonIgnore]
    public int ThresholdPercent => ThresholdsPercent.Count > 0 ? ThresholdsPercent[^1] : 0;

    /// <summary>The least advanced channel's state: failed before unknown before pending before delivered.</summary>
    [JsonIgnore]
    public AlertDelivery Delivery => Channels.Count == 0 ? AlertDelivery.PortalOnly : Channels.Values.Select(Of).Max();

    /// <summary>Why a channel did not get it (the last failure), never an address or a secret.</summary>
    [JsonIgnore]
    public string? DeliveryError => Channels.Values.Where(c => c?.Error is not null).Select(c => $"{c!.Error} ({c.Attempt})").FirstOrDefault();

    private static AlertDelivery Of(ChannelDelivery? channel) => channel?.State switch
    {
        ChannelDeliveryState.Delivered => AlertDelivery.Delivered,
        ChannelDeliveryState.Failed => AlertDelivery.Failed,
        ChannelDeliveryState.Unknown => AlertDelivery.Unknown,
        _ => AlertDelivery.Pending,
    };
}

/// <summary>The alerts of one budget in one month: rows of the alerts page, what the bell counts, and what is crossed now.</summary>
public sealed class BudgetAlertView : ILiveRow
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Scope { get; set; } = "";
    public string Month { get; set; } = "";
    public DateTimeOffset LastAlertAt { get; set; }

    /// <summary>The stream holds unusual-spend episodes of <see cref="Scope"/>, not a budget's thresholds.</summary>
    public bool Anomaly { get; set; }

    /// <summary>An episode flagged here has not ended yet.</summary>
    public bool AnomalyOpen { get; set; }

    /// <summary>The thresholds crossed and not cleared since (by a raised limit or the month's end).</summary>
    public List<int> Crossed { get; set; } = [];

    public List<BudgetAlert> Alerts { get; set; } = [];
}

/// <summary>
/// Inline, so the page shows an alert with the commit that raised it. Deliveries are found by the alert's id, not its
/// threshold: a threshold crossed again after a raise is another alert.
/// </summary>
public sealed partial class BudgetAlertViewProjection : SingleStreamProjection<BudgetAlertView, Guid>
{
    public static BudgetAlertView Create(BudgetThresholdCrossed e) => Apply(new BudgetAlertView { Scope = e.Scope, Month = e.Month }, e);

    public static BudgetAlertView Apply(BudgetAlertView view, BudgetThresholdCrossed e)
    {
        view.Crossed = [.. view.Crossed.Append(e.ThresholdPercent).Distinct().Order()];
        return Raise(view, new BudgetAlert(e.AlertId, BudgetAlertKind.Crossed, [e.ThresholdPercent], e.SpentEur, e.LimitEur, null, e.CrossedAt,
            Pending(e.Channels)));
    }

    public static BudgetAlertView Apply(BudgetAlertView view, BudgetThresholdsCleared e)
    {
        view.Crossed = [.. view.Crossed.Except(e.ThresholdsPercent)];
        return Raise(view, new BudgetAlert(e.AlertId, BudgetAlertKind.BackUnder, e.ThresholdsPercent, e.SpentEur, e.LimitEur, e.By, e.ClearedAt,
            Pending(e.Channels)));
    }

    public static BudgetAlertView Create(SpendAnomalyFlagged e) => Apply(new BudgetAlertView { Scope = e.Scope, Month = e.Month, Anomaly = true }, e);

    public static BudgetAlertView Apply(BudgetAlertView view, SpendAnomalyFlagged e)
    {
        view.AnomalyOpen = true;
        return Raise(view, new BudgetAlert(e.AlertId, BudgetAlertKind.UnusualSpend, [], e.DayEur, 0m, null, e.At, Pending(e.Channels), e.Day, e.UsualEur));
    }

    public static BudgetAlertView Apply(BudgetAlertView view, SpendBackToNormal e)
    {
        view.AnomalyOpen = false;
        return Raise(view, new BudgetAlert(e.AlertId, BudgetAlertKind.BackToNormal, [], e.DayEur, 0m, null, e.At, Pending(e.Channels), e.Day, e.UsualEur));
    }

    public void Apply(BudgetAlertView view, BudgetAlertSending e) => Deliver(view, e);

    public void Apply(BudgetAlertView view, BudgetAlertDelivered e) => Deliver(view, e);

    public void Apply(BudgetAlertView view, BudgetAlertDeliveryFailed e) => Deliver(view, e);

    public void Apply(BudgetAlertView view, BudgetAlertOutcomeUnknown e) => Deliver(view, e);

    private static BudgetAlertView Raise(BudgetAlertView view, BudgetAlert alert)
    {
        view.Alerts.Add(alert);
        view.LastAlertAt = alert.At;
        return view;
    }

    private static Dictionary<Guid, ChannelDelivery?> Pending(IReadOnlyList<Guid> channels) => channels.ToDictionary(c => c, _ => (ChannelDelivery?)null);

    private static void Deliver(BudgetAlertView view, IBudgetAlertDeliveryEvent e)
    {
        if (view.Alerts.Find(a => a.AlertId == e.AlertId) is { } alert && alert.Channels.ContainsKey(e.ChannelId))
            alert.Channels[e.ChannelId] = ChannelDelivery.After(alert.Channels[e.ChannelId], e);
    }
}
