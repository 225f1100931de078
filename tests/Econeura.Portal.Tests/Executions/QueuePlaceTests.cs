using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Executions;

/// <summary>An execution waiting for a worker says where it stands in its organisation's queue, and moves up live.</summary>
public sealed class QueuePlaceTests(PortalFixture fixture) : PortalComponentTest(fixture, "carmen", "en-GB")
{
    [Fact]
    public async Task The_execution_page_shows_how_many_wait_ahead_and_moves_up_when_one_ahead_leaves_the_queue()
    {
        var carmen = PortalFixture.User("carmen");
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        var ahead = new List<Guid>();
        for (var i = 0; i < 3; i++) ahead.Add(await Fixture.RequestWithoutJobAsync(carmen, "neura-3", "cfo", start.AddSeconds(i)));
        var mine = await Fixture.RequestWithoutJobAsync(carmen, "neura-3", "cfo", start.AddSeconds(10));
        // Another organisation's queue is not this one's.
        await Fixture.RequestWithoutJobAsync(PortalFixture.User("elena"), "neura-3", "cfo", start);

        var page = Render<ExecutionDetailPage>(p => p.Add(x => x.Id, mine));
        page.WaitForAssertion(() => Assert.Equal("3", page.Find("[data-testid=execution-queue-place]").GetAttribute("data-ahead")));
        Assert.StartsWith("In the queue: 3 ahead", page.Find("[data-testid=execution-queue-place]").TextContent.Trim());

        await Fixture.Services.GetRequiredService<ExecutionOperations>().CancelAsync(carmen, ahead[0]);

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=execution-queue-place]").GetAttribute("data-ahead")), TimeSpan.FromSeconds(10));
        var first = Render<ExecutionDetailPage>(p => p.Add(x => x.Id, ahead[1]));
        first.WaitForAssertion(() => Assert.Equal("Waiting for a worker: it starts in a moment.", first.Find("[data-testid=execution-queue-place]").TextContent.Trim()));
    }

    [Fact]
    public async Task The_launch_form_says_how_many_of_the_organisations_executions_wait_before_a_new_one()
    {
        var form = Render<LaunchForm>(p => p.Add(f => f.AgentId, "neura-3"));
        form.WaitForElement("[data-testid=launch-agent-name]");
        var waiting = int.Parse(form.FindAll("[data-testid=launch-queue]").FirstOrDefault()?.TextContent.Split(' ')[0] ?? "0");

        await Fixture.RequestWithoutJobAsync(PortalFixture.User("carmen"), "neura-3", "cfo");
        form.Find("textarea").Input("Resume el trimestre");

        form.WaitForAssertion(() => Assert.StartsWith($"{waiting + 1} executions of your organisation are waiting for a worker",
            form.Find("[data-testid=launch-queue]").TextContent.Trim()));
    }
}
