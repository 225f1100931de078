using Bunit;
using Econeura.Portal.Features.Conversations;

namespace Econeura.Portal.Tests.Conversations;

/// <summary>A long thread opens on its latest turns, as cheap to open and to keep open as a short one, and the rest is a click away.</summary>
public sealed class ConversationThreadWindowTests(PortalFixture fixture) : PortalComponentTest(fixture, "ana", "en-GB")
{
    [Fact]
    public async Task A_long_thread_opens_on_its_latest_turns_and_shows_the_earlier_ones_when_asked()
    {
        var ana = PortalFixture.User("ana");
        var operations = Fixture.Service<ConversationOperations>();
        var turns = ConversationThreadPage.ShownAtFirst + 2;
        var started = Assert.IsType<ConversationOutcome.Done>(await operations.StartAsync(ana, "neura-1", "Message 1: sales by region"));
        for (var turn = 2; turn <= turns; turn++)
        {
            await AnsweredAsync(started.ConversationId, turn - 1);
            Assert.IsType<ConversationOutcome.Done>(await operations.SendAsync(ana, started.ConversationId, $"Message {turn}: the region {turn}"));
        }
        await AnsweredAsync(started.ConversationId, turns);

        var thread = Render<ConversationThreadPage>(p => p.Add(c => c.Id, started.ConversationId));

        thread.WaitForAssertion(() => Assert.Equal(ConversationThreadPage.ShownAtFirst, thread.FindAll("[data-testid=conv-turn]").Count));
        Assert.StartsWith("Message 3:", UserMessages(thread)[0]);
        Assert.StartsWith($"Message {turns}:", UserMessages(thread)[^1]);
        // The page holds the turns it shows, not every run of the thread; the next message still carries the earlier ones.
        var shown = (await Fixture.Service<ConversationQueries>().ThreadAsync(ana, started.ConversationId, latest: ConversationThreadPage.ShownAtFirst))!;
        Assert.Equal((ConversationThreadPage.ShownAtFirst, turns, 2 * turns), (shown.Turns.Count, shown.TurnCount, shown.Memory.Count));
        Assert.StartsWith("Message 1:", shown.Memory[0].Text);
        thread.Find("[data-testid=conv-show-earlier]").Click();
        thread.WaitForAssertion(() => Assert.Equal(turns, thread.FindAll("[data-testid=conv-turn]").Count));
        Assert.StartsWith("Message 1:", UserMessages(thread)[0]);
        Assert.Empty(thread.FindAll("[data-testid=conv-show-earlier]"));
    }

    private static List<string> UserMessages(IRenderedComponent<ConversationThreadPage> thread) =>
        [.. thread.FindAll("[data-testid=conv-user-message] div").Select(message => message.TextContent.Trim())];

    private Task AnsweredAsync(Guid conversationId, int turns) => Eventually.Until(
        () => Fixture.Service<ConversationQueries>().ThreadAsync(PortalFixture.User("ana"), conversationId),
        thread => thread!.Turns.Count == turns && thread.Turns.All(turn => turn.Answer is not null), $"answer {turns}");
}
