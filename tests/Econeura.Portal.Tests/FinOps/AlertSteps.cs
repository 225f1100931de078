using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>What the budget alert tests do and read: spend, wait for the jobs, read a budget-month and the posts.</summary>
public static class AlertSteps
{
    public static Task SetBudgetAsync(PortalFixture fixture, PortalUser admin, string scope, decimal limit, params int[] thresholds) =>
        SetBudgetAsync(fixture, admin, scope, limit, atLimit: null, thresholds);

    public static async Task SetBudgetAsync(PortalFixture fixture, PortalUser admin, string scope, decimal limit, BudgetAtLimit? atLimit, params int[] thresholds)
    {
        var settings = fixture.Service<FinOpsSettingsStore>();
        var budget = await settings.BudgetAsync(admin.TenantId, scope);
        budget.LimitEur = limit;
        if (atLimit is { } rule) budget.AtLimit = rule;
        if (thresholds.Length > 0) budget.ThresholdsPercent = [.. thresholds];
        Assert.True(await settings.SaveBudgetAsync(admin.TenantId, budget, admin));
    }

    /// <summary>Executions completing at once: each one's cost is followed by its budget check.</summary>
    public static async Task RunExecutionsAsync(PortalFixture fixture, PortalUser user, string agentId, string department, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++) ids.Add(await fixture.RequestWithoutJobAsync(user, agentId, department));
        var job = fixture.Service<DispatchExecutionJob>();
        await Task.WhenAll(ids.Select(id => Task.Run(() => job.DispatchAsync(user.TenantId, id, null, $"job-{id:N}", CancellationToken.None))));
    }

    /// <summary>Until no job is queued, scheduled (a retry's back-off) or running: every check and delivery has ended.</summary>
    public static Task SettledAsync(PortalFixture fixture, int timeoutSeconds = 60)
    {
        var monitoring = fixture.Service<JobStorage>().GetMonitoringApi();
        // Fetched as well as processing: a worker fetches a job before it marks it processing, and in between it is neither.
        return Eventually.Until(() => Task.FromResult(monitoring.EnqueuedCount("default") + monitoring.FetchedCount("default") + monitoring.ScheduledCount() + monitoring.ProcessingCount()),
            pending => pending == 0, "every budget job to end", timeoutSeconds);
    }

    public static async Task<string> MonthAsync(PortalFixture fixture, string tenantId) =>
        BudgetCalendar.MonthOf(DateTimeOffset.UtcNow, await fixture.Service<FinOpsSettingsStore>().TimeZoneAsync(tenantId));

    public static async Task<IReadOnlyList<object>> EventsAsync(PortalFixture fixture, string tenantId, string scope)
    {
        await using var session = fixture.Store.QuerySession(tenantId);
        var events = await session.Events.FetchStreamAsync(BudgetMonitor.StreamId(tenantId, scope, await MonthAsync(fixture, tenantId)));
        return [.. events.Select(e => e.Data)];
    }

    public static async Task<BudgetAlertView?> ViewAsync(PortalFixture fixture, string tenantId, string scope)
    {
        await using var session = fixture.Store.QuerySession(tenantId);
        return await session.LoadAsync<BudgetAlertView>(BudgetMonitor.StreamId(tenantId, scope, await MonthAsync(fixture, tenantId)));
    }

    /// <summary>The alert ids a path of the receiver was posted, once per post.</summary>
    public static List<Guid> PostedAlerts(WebhookReceiver receiver, string path) =>
        [.. receiver.Received.Where(r => r.Path == path).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("alertId").GetGuid())];

    public static IEnumerable<Guid> AlertIds(IEnumerable<object> events) => events.Select(e => e switch
    {
        BudgetThresholdCrossed c => c.AlertId,
        BudgetThresholdsCleared c => c.AlertId,
        _ => Guid.Empty,
    }).Where(id => id != Guid.Empty);
}
