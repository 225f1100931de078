using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using static Econeura.E2E.Threads;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>A person talks with an agent turn by turn: each answer is written into the thread, and the agent remembers.</summary>
public sealed class ConversationTests(PortalCluster cluster) : IClassFixture<PortalCluster>
{
    [Theory]
    [MemberData(nameof(Readers.Both), MemberType = typeof(Readers))]
    public async Task A_three_turn_conversation_is_remembered_turn_by_turn_and_each_answer_is_written_into_the_thread(string locale, int width)
    {
        var (first, second, third) = locale == Readers.Spanish
            ? ("Nuestro presupuesto de viajes es de 12.000 euros", "¿Cuánto gastamos en hoteles el trimestre pasado?", "Compara ambas cifras")
            : ("Our travel budget is 12,000 euros", "How much did we spend on hotels last quarter?", "Compare both figures");
        var page = await cluster.SignedInPageAsync(cluster.NodeA, "ana", width, locale: locale);
        await page.GotoAsync("/conversations?agent=neura-10");
        await PortalCluster.WaitForCircuitAsync(page);
        await Expect(page.Locator("h1")).ToHaveTextAsync(Readers.Say(locale, "Conversaciones", "Conversations"));

        await SendAsync(page, first);
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/conversations/[0-9a-f-]{36}$"));
        await PortalCluster.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("conv-title")).ToContainTextAsync(first[..20]);
        await AnsweredAsync(page, 1);
        await SendAsync(page, second);
        var secondAnswer = await AnsweredAsync(page, 2);
        await SendAsync(page, third);
        var thirdAnswer = await AnsweredAsync(page, 3);

        // The simulator answers with the turn's number and the previous message: what it received is the conversation.
        await Expect(secondAnswer).ToContainTextAsync(Readers.Say(locale, $"Turno 2 · antes me dijiste: «{first}»", $"Turn 2 · earlier you told me: “{first}”"));
        await Expect(thirdAnswer).ToContainTextAsync(Readers.Say(locale, $"Turno 3 · antes me dijiste: «{second}»", $"Turn 3 · earlier you told me: “{second}”"));
        await Expect(page.GetByTestId("conv-turn")).ToHaveCountAsync(3);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"the thread scrolls sideways at {width} px");
        // The legacy run, as AccessibilityTests makes it: it checks the page itself instead of opening a blank page for the check.
#pragma warning disable CS0618
        var axe = await page.Locator("html").RunAxeLegacy(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
#pragma warning restore CS0618
        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}"));

        await page.GotoAsync("/conversations");
        await PortalCluster.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("conv-row").Filter(new() { HasText = first[..20] })).ToBeVisibleAsync();
    }
}
