using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>
/// A department and an agent spending far above their usual level today are flagged on the dashboard's reading, raise one
/// alert each (bell and channel, the budget alerts' way), and say "back to normal" once a day is usual again.
/// </summary>
public sealed class UnusualSpendAlertsTests(FinOpsFixture fixture) : IClassFixture<FinOpsFixture>
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly PortalUser Diego = PortalFixture.User("diego");

    private async Task SpendAsync(DateOnly day, decimal eur, string agentId = "neura-8", string department = "legal")
    {
        await using var session = fixture.Store.LightweightSession(Ana.TenantId);
        var id = Guid.CreateVersion7();
        session.Events.StartStream(id, new CostRecorded(id, 1, agentId, department, Ana.UserId, Ana.DisplayName, "gpt-4o", 1000, 1000, eur,
            new DateOnly(2025, 1, 1), day, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
    }

    /// <summary>The monitor as the periodic job runs it, on a clock <paramref name="later"/> ahead of the real one.</summary>
    private BudgetMonitor MonitorAt(TimeSpan later) => new(fixture.Store, fixture.Service<BudgetMonthStream>(), fixture.Service<SpendQueries>(),
        fixture.Service<SpendAnomalyReport>(), fixture.Service<FinOpsSettingsStore>(), fixture.Service<AlertChannels>(),
        fixture.Service<IBackgroundJobClient>(), new ShiftedTime(later), NullLogger<BudgetMonitor>.Instance);

    private async Task<List<AlertLine>> AlertsAsync(string scope) =>
        [.. (await fixture.Service<BudgetAlertsInbox>().LatestAsync(Ana.TenantId)).Where(a => a.Scope == scope).OrderBy(a => a.Alert.At)];

    private List<JsonElement> Posts(string kind, string scope) =>
        [.. fixture.AlertWebhook.Received.Where(r => r.Path == "/unusual").Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Where(p => p.GetProperty("kind").GetString() == kind && p.GetProperty("scope").GetString() == scope)];

    [Fact]
    public async Task A_day_far_above_the_usual_is_flagged_alerted_once_and_back_to_normal_the_next_usual_day()
    {
        await fixture.SetChannelsAsync(Diego, ("/unusual", false));
        var today = await fixture.Service<FinOpsSettingsStore>().TodayAsync(Ana.TenantId);
        // Fourteen days at 0.10 EUR (an ordinary level), and today 0.25 + 0.75 EUR: ten times the usual.
        for (var back = 1; back <= 14; back++) await SpendAsync(today.AddDays(-back), 0.10m);
        await SpendAsync(today, 0.25m);
        await SpendAsync(today, 0.75m);

        var verdicts = await fixture.Service<SpendAnomalyReport>().TodayAsync(Ana.TenantId);
        await MonitorAt(TimeSpan.Zero).CheckAnomaliesAsync(Ana.TenantId);
        await MonitorAt(TimeSpan.Zero).CheckAnomaliesAsync(Ana.TenantId);

        foreach (var scope in new[] { "legal", "agent:neura-8" })
        {
            var verdict = Assert.Single(verdicts, v => v.Scope == scope).Verdict;
            Assert.Equal((1.00m, 0.10m, true), (verdict.DayEur, verdict.UsualEur, verdict.Unusual));
            var flagged = Assert.Single(await AlertsAsync(scope)).Alert;
            Assert.Equal((BudgetAlertKind.UnusualSpend, (DateOnly?)today, 1.00m, (decimal?)0.10m), (flagged.Kind, flagged.Day, flagged.SpentEur, flagged.UsualEur));
        }
        var post = Assert.Single(await Eventually.Until(() => Task.FromResult(Posts("unusualSpend", "legal")), p => p.Count > 0, "the legal alert's post"));
        Assert.Contains("'legal' department's spend is unusual", post.GetProperty("text").GetString());
        Assert.Equal(1.00m, post.GetProperty("spentEur").GetDecimal());
        // What this spend is doing to the department's budget is not mixed up with it.
        Assert.All(await fixture.Service<BudgetReport>().StatusAsync(Ana.TenantId), status => Assert.Empty(status.Crossed));

        // Tomorrow nothing has been spent yet: the episode is over, said once.
        await MonitorAt(TimeSpan.FromDays(1)).CheckAnomaliesAsync(Ana.TenantId);
        await MonitorAt(TimeSpan.FromDays(1)).CheckAnomaliesAsync(Ana.TenantId);

        var alerts = await AlertsAsync("legal");
        Assert.Equal([BudgetAlertKind.UnusualSpend, BudgetAlertKind.BackToNormal], alerts.Select(a => a.Alert.Kind));
        Assert.Equal(today.AddDays(1), alerts[1].Alert.Day);
        var normalPost = Assert.Single(await Eventually.Until(() => Task.FromResult(Posts("backToNormal", "legal")), p => p.Count > 0, "the back-to-normal post"));
        Assert.Contains("back to normal", normalPost.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_department_spending_at_its_usual_level_is_not_flagged()
    {
        var today = await fixture.Service<FinOpsSettingsStore>().TodayAsync(Ana.TenantId);
        for (var back = 1; back <= 14; back++) await SpendAsync(today.AddDays(-back), 1m, "neura-11", "support");
        await SpendAsync(today, 2.5m, "neura-11", "support");

        await MonitorAt(TimeSpan.Zero).CheckAnomaliesAsync(Ana.TenantId);

        Assert.False(Assert.Single(await fixture.Service<SpendAnomalyReport>().TodayAsync(Ana.TenantId), v => v.Scope == "support").Verdict.Unusual);
        Assert.Empty(await AlertsAsync("support"));
    }
}
