using Econeura.Domain.Common;

namespace Econeura.Domain.FinOps;

// One stream per budget and month: the alerts it raised (thresholds crossed, thresholds back under) and what became of
// each alert's delivery to each of the tenant's channels. Every alert has its own id, which receivers deduplicate on.

/// <param name="Channels">The tenant's alert channels when it was raised; none: the alert lives in the portal only.</param>
public sealed record BudgetThresholdCrossed(
    Guid AlertId, string Scope, string Month, int ThresholdPercent, decimal SpentEur, decimal LimitEur, IReadOnlyList<Guid> Channels, DateTimeOffset CrossedAt)
{
    // A crossing recorded before alerts had ids and channels (one webhook served every tenant then) reads with an id
    // derived from what it crossed, and no channel: it shows in the portal, and nothing is posted for it again.
    public Guid AlertId { get; init; } = AlertId != Guid.Empty ? AlertId : StableIds.From($"budget-alert|{Scope}|{Month}|{ThresholdPercent}");

    public IReadOnlyList<Guid> Channels { get; init; } = Channels ?? [];
}

public enum BudgetClearedBy
{
    /// <summary>The limit was raised (or the thresholds moved): the spend is below these thresholds of the new limit.</summary>
    LimitRaised,

    /// <summary>The month ended: the next one starts from nothing.</summary>
    MonthEnded,
}

/// <summary>Thresholds crossed earlier are no longer: they are armed again and alert again when the spend reaches them.</summary>
public sealed record BudgetThresholdsCleared(
    Guid AlertId, string Scope, string Month, IReadOnlyList<int> ThresholdsPercent, decimal SpentEur, decimal LimitEur, BudgetClearedBy By,
    IReadOnlyList<Guid> Channels, DateTimeOffset ClearedAt);

/// <summary>What happened to one alert's delivery to one channel.</summary>
public interface IBudgetAlertDeliveryEvent
{
    Guid AlertId { get; }
    Guid ChannelId { get; }
}

/// <summary>
/// The claim of one attempt to post an alert to a channel, committed before the post: whoever reads it knows that a post
/// may be under way or done, and does not post the alert to that channel again.
/// </summary>
/// <param name="Runner">Who claimed it (a job's id): the same runner finding its own claim knows that earlier run has ended.</param>
public sealed record BudgetAlertSending(Guid AlertId, Guid ChannelId, int Attempt, string Runner, DateTimeOffset At) : IBudgetAlertDeliveryEvent;

public sealed record BudgetAlertDelivered(Guid AlertId, Guid ChannelId, int Attempt, DateTimeOffset DeliveredAt) : IBudgetAlertDeliveryEvent;

/// <param name="Final">No attempt follows: the portal shows the alert as not delivered to this channel.</param>
public sealed record BudgetAlertDeliveryFailed(Guid AlertId, Guid ChannelId, int Attempt, string Error, bool Final, DateTimeOffset FailedAt)
    : IBudgetAlertDeliveryEvent;

/// <summary>
/// An attempt was claimed and its outcome never recorded (its process stopped, or the database failed after the post):
/// the receiver may or may not have it. It is not posted again; the receiver deduplicates by the alert id if it ever is.
/// </summary>
public sealed record BudgetAlertOutcomeUnknown(Guid AlertId, Guid ChannelId, int Attempt, DateTimeOffset At) : IBudgetAlertDeliveryEvent;

public enum ChannelDeliveryState
{
    Sending,
    Retrying,
    Delivered,
    Failed,
    Unknown,
}

/// <param name="Claim">The claim of the attempt this state belongs to.</param>
public sealed record ChannelDelivery(int Attempt, ChannelDeliveryState State, string? Error = null, BudgetAlertSending? Claim = null)
{
    /// <summary>The delivery after one of its events (the budget-month's fold and the alerts view both follow this).</summary>
    public static ChannelDelivery? After(ChannelDelivery? current, IBudgetAlertDeliveryEvent @event) => @event switch
    {
        BudgetAlertSending e => new ChannelDelivery(e.Attempt, ChannelDeliveryState.Sending, Claim: e),
        BudgetAlertDelivered e => new ChannelDelivery(e.Attempt, ChannelDeliveryState.Delivered, Claim: current?.Claim),
        BudgetAlertDeliveryFailed e => new ChannelDelivery(e.Attempt, e.Final ? ChannelDeliveryState.Failed : ChannelDeliveryState.Retrying, e.Error,
            current?.Claim),
        // An outcome recorded late (the post was slow, not lost) wins over "unknown"; "unknown" never overwrites one.
        BudgetAlertOutcomeUnknown e when current is { State: ChannelDeliveryState.Sending } && current.Attempt == e.Attempt =>
            current with { State = ChannelDeliveryState.Unknown },
        BudgetAlertOutcomeUnknown => current,
        _ => throw new InvalidOperationException($"Unknown delivery event {@event.GetType().Name}."),
    };
}

/// <summary>An alert raised this month: what a delivery posts.</summary>
public sealed record RaisedAlert(Guid AlertId, object Event, IReadOnlyList<Guid> Channels);

/// <summary>
/// A budget-month as its stream tells it: the thresholds crossed and not cleared since (each with the alert that
/// raised it), every alert raised, and each alert's delivery to each channel.
/// </summary>
/// <param name="SpentEur">The most this month was seen to have spent: spend only grows, so it is at least this.</param>
/// <param name="LimitEur">The limit of the latest alert.</param>
public sealed record BudgetMonth(
    IReadOnlyDictionary<int, Guid> Crossed,
    IReadOnlyDictionary<Guid, RaisedAlert> Alerts,
    IReadOnlyDictionary<(Guid Alert, Guid Channel), ChannelDelivery> Deliveries,
    decimal SpentEur,
    decimal LimitEur) : IEventSourced<BudgetMonth>
{
    /// <summary>The unusual-spend episode open on this stream (the alert that flagged it), if any.</summary>
    public Guid? OpenAnomaly { get; init; }

    public static BudgetMonth Empty { get; } = new(new Dictionary<int, Guid>(), new Dictionary<Guid, RaisedAlert>(),
        new Dictionary<(Guid, Guid), ChannelDelivery>(), 0m, 0m);

    public static BudgetMonth Fold(IReadOnlyList<object> events) => events.Aggregate(Empty, Evolve);

    public static BudgetMonth Evolve(BudgetMonth state, object @event) => @event switch
    {
        BudgetThresholdCrossed e => state with
        {
            Crossed = new Dictionary<int, Guid>(state.Crossed) { [e.ThresholdPercent] = e.AlertId },
            Alerts = new Dictionary<Guid, RaisedAlert>(state.Alerts) { [e.AlertId] = new(e.AlertId, e, e.Channels) },
            SpentEur = Math.Max(state.SpentEur, e.SpentEur),
            LimitEur = e.LimitEur,
        },
        BudgetThresholdsCleared e => state with
        {
            Crossed = state.Crossed.Where(c => !e.ThresholdsPercent.Contains(c.Key)).ToDictionary(),
            Alerts = new Dictionary<Guid, RaisedAlert>(state.Alerts) { [e.AlertId] = new(e.AlertId, e, e.Channels) },
            SpentEur = Math.Max(state.SpentEur, e.SpentEur),
            LimitEur = e.LimitEur,
        },
        SpendAnomalyFlagged e => state with
        {
            OpenAnomaly = e.AlertId,
            Alerts = new Dictionary<Guid, RaisedAlert>(state.Alerts) { [e.AlertId] = new(e.AlertId, e, e.Channels) },
        },
        SpendBackToNormal e => state with
        {
            OpenAnomaly = null,
            Alerts = new Dictionary<Guid, RaisedAlert>(state.Alerts) { [e.AlertId] = new(e.AlertId, e, e.Channels) },
        },
        IBudgetAlertDeliveryEvent e when ChannelDelivery.After(state.Deliveries.GetValueOrDefault((e.AlertId, e.ChannelId)), e) is { } delivery =>
            state with { Deliveries = new Dictionary<(Guid, Guid), ChannelDelivery>(state.Deliveries) { [(e.AlertId, e.ChannelId)] = delivery } },
        IBudgetAlertDeliveryEvent => state,
        _ => throw new InvalidOperationException($"Unknown budget event {@event.GetType().Name}."),
    };
}

/// <summary>What a delivery job does for one alert and channel.</summary>
public abstract record DeliveryStep
{
    /// <summary>Post it: <see cref="Claim"/> was committed first.</summary>
    public sealed record Post(RaisedAlert Alert, BudgetAlertSending Claim) : DeliveryStep;

    /// <summary>Nothing: delivered, finally failed, unknown, not for this channel, or being posted by someone else.</summary>
    public sealed record Nothing : DeliveryStep;
}

public static class BudgetAlertDecisions
{
    /// <summary>
    /// What this spend against this budget raises now. Thresholds crossed earlier that the spend is below (the limit was
    /// raised) are cleared, in one "back under" alert, and armed again; each threshold the spend has reached and that is
    /// not crossed now is crossed, once: checking again, or from two places at once (the stream is appended at the
    /// version read), raises nothing more.
    /// </summary>
    public static IReadOnlyList<object> Check(
        BudgetMonth state, BudgetRule budget, string month, decimal spentEur, IReadOnlyList<Guid> channels, Func<Guid> newId, DateTimeOffset now)
    {
        // A check that read the spend before another's commit must not take it for a fall: spend only grows, so only a
        // raised limit puts a crossed threshold above it.
        spentEur = Math.Max(spentEur, state.SpentEur);
        var events = new List<object>();
        var below = state.Crossed.Keys.Where(percent => budget.ThresholdsPercent.Contains(percent) && spentEur < budget.AmountAt(percent)).Order().ToList();
        if (below.Count > 0)
            events.Add(new BudgetThresholdsCleared(newId(), budget.Scope, month, below, spentEur, budget.LimitEur, BudgetClearedBy.LimitRaised, channels, now));
        events.AddRange(budget.ThresholdsPercent
            .Order()
            .Where(percent => (!state.Crossed.ContainsKey(percent) || below.Contains(percent)) && spentEur >= budget.AmountAt(percent))
            .Select(percent => new BudgetThresholdCrossed(newId(), budget.Scope, month, percent, spentEur, budget.LimitEur, channels, now)));
        return events;
    }

    /// <summary>Once a month has ended, whatever it left crossed is cleared in one "back under" alert: the new month starts armed.</summary>
    public static IReadOnlyList<object> CloseMonth(BudgetMonth state, string scope, string month, IReadOnlyList<Guid> channels, Func<Guid> newId,
        DateTimeOffset now) =>
        state.Crossed.Count == 0
            ? []
            : [new BudgetThresholdsCleared(newId(), scope, month, state.Crossed.Keys.Order().ToList(), state.SpentEur, state.LimitEur,
                BudgetClearedBy.MonthEnded, channels, now)];

    /// <summary>Longer than any post may take (its timeout, and then some): a claim this old has no run behind it any more.</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether <paramref name="runner"/> posts <paramref name="alertId"/> to <paramref name="channelId"/> now, claiming the
    /// attempt first. A claim found without its outcome means a post may exist (a concurrent run posting now, or an
    /// earlier run that stopped after posting, or whose save failed): it is never made again, and once that run has
    /// ended (it is this runner's own earlier run, or older than <see cref="ClaimLifetime"/>) it is recorded as unknown.
    /// </summary>
    public static (IReadOnlyList<object> Events, DeliveryStep Step) Claim(BudgetMonth state, Guid alertId, Guid channelId, string runner, DateTimeOffset now)
    {
        if (!state.Alerts.TryGetValue(alertId, out var alert) || !alert.Channels.Contains(channelId)) return ([], new DeliveryStep.Nothing());
        switch (state.Deliveries.GetValueOrDefault((alertId, channelId)))
        {
            case null:
                return Claimed(alert, channelId, 1, runner, now);
            case { State: ChannelDeliveryState.Retrying, Attempt: var attempt }:
                return Claimed(alert, channelId, attempt + 1, runner, now);
            case { State: ChannelDeliveryState.Sending, Claim: { } claim } when claim.Runner == runner || now - claim.At > ClaimLifetime:
                return ([new BudgetAlertOutcomeUnknown(alertId, channelId, claim.Attempt, now)], new DeliveryStep.Nothing());
            default:
                return ([], new DeliveryStep.Nothing());
        }
    }

    private static (IReadOnlyList<object>, DeliveryStep) Claimed(RaisedAlert alert, Guid channelId, int attempt, string runner, DateTimeOffset now)
    {
        var claim = new BudgetAlertSending(alert.AlertId, channelId, attempt, runner, now);
        return ([claim], new DeliveryStep.Post(alert, claim));
    }

    /// <summary>The outcome of a claimed attempt; only the run holding the claim records it.</summary>
    public static IReadOnlyList<object> Outcome(BudgetMonth state, BudgetAlertSending claim, string? error, bool final, DateTimeOffset now)
    {
        var current = state.Deliveries.GetValueOrDefault((claim.AlertId, claim.ChannelId));
        // Another attempt came after this one (this run was given up as unknown and retried): its outcome is the one that counts.
        if (current is null || current.Attempt != claim.Attempt) return [];
        return error is null
            ? [new BudgetAlertDelivered(claim.AlertId, claim.ChannelId, claim.Attempt, now)]
            : [new BudgetAlertDeliveryFailed(claim.AlertId, claim.ChannelId, claim.Attempt, error, final, now)];
    }
}
