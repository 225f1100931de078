using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

/// <summary>
/// Raises budget alerts: <see cref="BudgetThresholdCrossed"/> once per budget, threshold and month (again only after a
/// raised limit cleared it), and <see cref="BudgetThresholdsCleared"/> ("back under") when a raise or a new month
/// clears crossed thresholds. Each budget-month is one stream whose id derives from tenant, scope and month, written
/// through <see cref="BudgetMonthStream"/>: of two checks racing (many executions completing at once, or the periodic
/// job) one writes and the other reads again and finds it done. Each alert is then delivered to each of the tenant's
/// channels by its own job. Unusual spend of a department or an agent (<see cref="SpendAnomalyReport"/>) is raised
/// the same way, once per episode, with a "back to normal" when a day is usual again.
/// </summary>
public sealed partial class BudgetMonitor(
    IDocumentStore store,
    BudgetMonthStream streams,
    SpendQueries spend,
    SpendAnomalyReport anomalies,
    FinOpsSettingsStore settings,
    AlertChannels channels,
    IBackgroundJobClient jobs,
    TimeProvider time,
    ILogger<BudgetMonitor> logger)
{
    public static Guid StreamId(string tenantId, string scope, string month) => StableIds.From($"budget|{tenantId}|{scope}|{month}");

    /// <summary>
    /// Checks the budgets of these scopes (a run's, <see cref="BudgetScope.Of"/>), or every budget of the tenant when
    /// none are given (after a cost: only what the cost can have crossed; otherwise reading every stream, since a raised
    /// limit may have left crossed thresholds above the spend); a person or an agent without a budget has nothing to check.
    /// </summary>
    public async Task CheckAsync(string tenantId, IReadOnlyList<string>? scopes = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var zone = await settings.TimeZoneAsync(tenantId, cancellationToken);
        var month = BudgetCalendar.MonthOf(now, zone);
        var budgets = new List<BudgetRule>();
        if (scopes is null) budgets.AddRange((await settings.BudgetsAsync(tenantId, cancellationToken)).Select(b => b.ToRule()));
        else
        {
            foreach (var scope in scopes)
                if (await settings.AppliedBudgetAsync(tenantId, scope, cancellationToken) is { } budget) budgets.Add(budget.ToRule());
        }
        var spent = await spend.SpentInMonthAsync(tenantId, month, budgets.Select(b => b.Scope), cancellationToken);
        foreach (var budget in budgets)
            await CheckAsync(tenantId, budget, month, spent.GetValueOrDefault(budget.Scope), everyStream: scopes is null, cancellationToken);
    }

    /// <param name="everyStream">
    /// Read the month's stream even when the spend reaches no threshold: after a budget was saved, and periodically, a
    /// raised limit may have left crossed thresholds above the spend. The check after a cost need not: spend only grows.
    /// </param>
    private async Task CheckAsync(string tenantId, BudgetRule budget, string month, decimal spentEur, bool everyStream, CancellationToken cancellationToken)
    {
        if (!everyStream && !budget.ReachesAThreshold(spentEur)) return;
        var streamId = StreamId(tenantId, budget.Scope, month);
        var channelIds = await channels.IdsAsync(tenantId, cancellationToken);
        var raised = await streams.WriteAsync(tenantId, streamId,
            state => BudgetAlertDecisions.Check(state, budget, month, spentEur, channelIds, Guid.CreateVersion7, time.GetUtcNow()), cancellationToken);
        Deliver(tenantId, streamId, raised);
    }

    /// <summary>The stream of a scope's unusual-spend episodes that began in <paramref name="month"/>.</summary>
    public static Guid AnomalyStreamId(string tenantId, string scope, string month) => StableIds.From($"anomaly|{tenantId}|{scope}|{month}");

    /// <summary>
    /// Flags each department and agent whose spend today is unusual and has no open episode, and ends each open episode
    /// whose scope spends as usual today. An episode is ended on the stream where it began, even in an earlier month.
    /// </summary>
    public async Task CheckAnomaliesAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var today = BudgetCalendar.LocalDay(time.GetUtcNow(), await settings.TimeZoneAsync(tenantId, cancellationToken));
        var verdicts = (await anomalies.JudgeAsync(tenantId, today, cancellationToken)).ToDictionary(v => v.Scope, v => v.Verdict);
        List<BudgetAlertView> open;
        await using (var session = store.QuerySession(tenantId))
            open = [.. await session.Query<BudgetAlertView>().Where(v => v.AnomalyOpen).ToListAsync(cancellationToken)];
        var due = verdicts.Where(v => v.Value.Unusual).Select(v => v.Key).Union(open.Select(o => o.Scope)).ToList();
        if (due.Count == 0) return;
        var channelIds = await channels.IdsAsync(tenantId, cancellationToken);
        foreach (var scope in due)
        {
            var verdict = verdicts.GetValueOrDefault(scope) ?? Quiet;
            var episode = open.FirstOrDefault(o => o.Scope == scope);
            var month = episode?.Month ?? BudgetCalendar.MonthOf(today);
            var streamId = episode?.Id ?? AnomalyStreamId(tenantId, scope, month);
            var raised = await streams.WriteAsync(tenantId, streamId,
                state => SpendAnomalyDecisions.Check(state, scope, month, today, verdict, channelIds, Guid.CreateVersion7, time.GetUtcNow()),
                cancellationToken);
            Deliver(tenantId, streamId, raised);
        }
    }

    /// <summary>A scope that spent nothing in the days its usual level is taken from: nothing unusual.</summary>
    private static readonly SpendVerdict Quiet = new(0m, 0m, 0m, Unusual: false);

    /// <summary>Clears what the months before this one left crossed: their "back under" alert says the new month starts armed.</summary>
    public async Task CloseEndedMonthsAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var month = BudgetCalendar.MonthOf(time.GetUtcNow(), await settings.TimeZoneAsync(tenantId, cancellationToken));
        List<BudgetAlertView> open;
        await using (var session = store.QuerySession(tenantId))
            open = [.. await session.Query<BudgetAlertView>().Where(v => v.Month != month && v.Crossed.Any()).ToListAsync(cancellationToken)];
        if (open.Count == 0) return;
        var channelIds = await channels.IdsAsync(tenantId, cancellationToken);
        foreach (var view in open.Where(v => string.CompareOrdinal(v.Month, month) < 0))
        {
            var raised = await streams.WriteAsync(tenantId, view.Id,
                state => BudgetAlertDecisions.CloseMonth(state, view.Scope, view.Month, channelIds, Guid.CreateVersion7, time.GetUtcNow()), cancellationToken);
            Deliver(tenantId, view.Id, raised);
        }
    }

    private void Deliver(string tenantId, Guid streamId, IReadOnlyList<object> raised)
    {
        foreach (var alert in raised)
        {
            switch (alert)
            {
                case BudgetThresholdCrossed crossed:
                    LogCrossed(crossed.Scope, crossed.ThresholdPercent, crossed.Month);
                    Enqueue(crossed.AlertId, crossed.Channels);
                    break;
                case BudgetThresholdsCleared cleared:
                    LogCleared(cleared.Scope, string.Join(", ", cleared.ThresholdsPercent), cleared.Month, cleared.By);
                    Enqueue(cleared.AlertId, cleared.Channels);
                    break;
                case SpendAnomalyFlagged flagged:
                    LogUnusual(flagged.Scope, flagged.Day, flagged.DayEur, flagged.UsualEur);
                    Enqueue(flagged.AlertId, flagged.Channels);
                    break;
                case SpendBackToNormal normal:
                    LogBackToNormal(normal.Scope, normal.Day);
                    Enqueue(normal.AlertId, normal.Channels);
                    break;
            }
        }

        void Enqueue(Guid alertId, IReadOnlyList<Guid> alertChannels)
        {
            foreach (var channel in alertChannels) DeliverBudgetAlertJob.Enqueue(jobs, tenantId, streamId, alertId, channel);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Budget {Scope} crossed {Threshold} % in {Month}")]
    private partial void LogCrossed(string scope, int threshold, string month);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unusual spend of {Scope} on {Day}: {DayEur} EUR, usually {UsualEur} EUR")]
    private partial void LogUnusual(string scope, DateOnly day, decimal dayEur, decimal usualEur);

    [LoggerMessage(Level = LogLevel.Information, Message = "Spend of {Scope} back to normal on {Day}")]
    private partial void LogBackToNormal(string scope, DateOnly day);

    [LoggerMessage(Level = LogLevel.Information, Message = "Budget {Scope} back under {Thresholds} % in {Month} ({By})")]
    private partial void LogCleared(string scope, string thresholds, string month, BudgetClearedBy by);
}
