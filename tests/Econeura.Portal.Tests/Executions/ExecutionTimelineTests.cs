using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Executions;

public sealed class ExecutionTimelineTests(PortalFixture fixture) : PortalComponentTest(fixture, "ana", "es-ES")
{
    [Fact]
    public void Each_step_shows_its_local_time_to_the_second_how_long_ago_and_the_gap_from_the_step_before()
    {
        Services.GetRequiredService<ViewerTime>().TimeZoneId = "America/New_York";
        var requested = DateTimeOffset.UtcNow.AddMinutes(-3).AddSeconds(-30);
        var dispatched = requested.AddMilliseconds(1200);
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        var timeline = Render<ExecutionTimeline>(parameters => parameters.Add(t => t.Entries, new[]
        {
            new TimelineEntry(TimelineEntryKind.Requested, requested),
            new TimelineEntry(TimelineEntryKind.Dispatched, dispatched, Attempt: 1),
        }));

        var times = timeline.FindAll("[data-testid=timeline-time]");
        Assert.Equal($"{TimeZoneInfo.ConvertTime(requested, newYork):HH:mm:ss} · hace 3 min", times[0].TextContent);
        Assert.EndsWith("(America/New_York, UTC" + TimeZoneInfo.ConvertTime(requested, newYork).ToString("zzz") + ")", times[0].GetAttribute("title"));
        Assert.Contains(TimeZoneInfo.ConvertTime(requested, newYork).ToString("yyyy"), times[0].GetAttribute("title"));
        Assert.Equal("+1,2 s", Assert.Single(timeline.FindAll("[data-testid=timeline-step]")).TextContent);
    }

    [Fact]
    public void How_long_ago_moves_on_by_itself()
    {
        var timeline = Render<ExecutionTimeline>(parameters => parameters.Add(t => t.Entries, new[]
        {
            new TimelineEntry(TimelineEntryKind.Requested, DateTimeOffset.UtcNow.AddSeconds(-10)),
        }));
        var first = timeline.Find("[data-testid=timeline-time]").TextContent;

        // Nothing new is given to the timeline: its own clock renders it again.
        timeline.WaitForAssertion(() => Assert.NotEqual(first, timeline.Find("[data-testid=timeline-time]").TextContent));
    }

    [Fact]
    public void A_blocked_step_says_why_in_the_readers_language()
    {
        var blockedAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        var overBudget = new PolicyReason(PolicyReasonCode.ScanOverBudget, null, 0, DlpAction.Block);
        IRenderedComponent<ExecutionTimeline> Timeline() => Render<ExecutionTimeline>(parameters => parameters
            .Add(t => t.Entries, new[] { new TimelineEntry(TimelineEntryKind.Blocked, blockedAt, Detail: overBudget.Message) })
            .Add(t => t.BlockedBecause, new[] { overBudget }));

        var spanish = Timeline().Find("[data-testid=timeline-blocked-reason]").TextContent;
        CultureInfo.CurrentUICulture = new CultureInfo("en-US");
        var english = Timeline().Find("[data-testid=timeline-blocked-reason]").TextContent;

        Assert.StartsWith("El análisis de datos personales no pudo terminar con esta entrada", spanish);
        Assert.StartsWith("The personal-data scan could not finish on this input", english);
    }
}
