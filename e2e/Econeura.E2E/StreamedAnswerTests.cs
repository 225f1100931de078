using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Econeura.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>Two nodes whose simulator writes its answers slowly enough to watch: a piece every 200 ms for 6 s.</summary>
public sealed class SlowStreamingCluster : PortalCluster
{
    protected override int SimulatorLatencyMs => 6_000;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Agents__Simulator__StreamChunkMs"] = "200" };
}

/// <summary>
/// An answer appears as the agent writes it, on an execution's page and in a conversation's thread, and its reader can stop
/// it: what was written is kept, marked stopped and charged.
/// </summary>
public sealed class StreamedAnswerTests(SlowStreamingCluster cluster) : IClassFixture<SlowStreamingCluster>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Within30Seconds = new() { Timeout = 30_000 };

    /// <summary>Every length the answer had in the page while it was being written, recorded by the browser itself.</summary>
    private const string RecordGrowth = """
        () => {
            window.answerLengths = [];
            new MutationObserver(() => {
                const live = document.querySelector('[data-testid=live-answer][data-streaming=true] [data-testid=markdown-text]');
                const length = live ? live.textContent.length : 0;
                if (length > 0 && window.answerLengths.at(-1) !== length) window.answerLengths.push(length);
            }).observe(document.body, { subtree: true, childList: true, characterData: true });
        }
        """;

    private async Task<IPage> LaunchAsync(string culture, int width, string input)
    {
        var page = await cluster.SignedInPageAsync(cluster.NodeA, "ana", width);
        await page.GotoAsync($"/culture/{culture}?returnUrl=%2Fagents%2Fneura-10%2Flaunch");
        await PortalCluster.WaitForCircuitAsync(page);
        await page.Locator("textarea").FillAsync(input);
        await page.GetByTestId("launch-button").ClickAsync();
        await page.WaitForURLAsync(new Regex("/executions/[0-9a-f-]{36}$"));
        await PortalCluster.WaitForCircuitAsync(page);
        await page.EvaluateAsync(RecordGrowth);
        return page;
    }

    /// <summary>The only turn's agent message once the turn has <paramref name="phase"/>.</summary>
    private static async Task<ILocator> TurnAsync(IPage page, string phase)
    {
        await Expect(Threads.Turn(page, 1)).ToHaveAttributeAsync("data-phase", phase, Within30Seconds);
        return Threads.Turn(page, 1).GetByTestId("conv-agent-message");
    }

    [Fact]
    public async Task A_turn_held_for_approval_is_approved_on_the_other_node_and_its_answer_streams_into_the_open_thread()
    {
        var bruno = await Approvers.QueueAsync(cluster, cluster.NodeB, "bruno");
        var diego = await Approvers.QueueAsync(cluster, cluster.NodeB, "diego");
        var ana = await cluster.SignedInPageAsync(cluster.NodeA, "ana");
        await Threads.StartAsync(ana, "ciso-access-recertification", "Recertificación de accesos al ERP de compras");
        await ana.EvaluateAsync("() => window.econeuraNotReloaded = true");
        await ana.EvaluateAsync(RecordGrowth);
        var state = Threads.Turn(ana, 1).GetByTestId("conv-turn-state");
        await Expect(state).ToHaveTextAsync("Esperando aprobación (0 de 2)");

        var brunoRow = Approvers.Row(bruno, "Recertificación de accesos");
        await Expect(brunoRow).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Approvers.DecideAsync(bruno, brunoRow, "approve");
        await Expect(state).ToHaveTextAsync("Esperando aprobación (1 de 2)", new() { Timeout = 15_000 });
        await Approvers.DecideAsync(diego, Approvers.Row(diego, "Recertificación de accesos"), "approve");

        var answer = await TurnAsync(ana, "Answered");
        await Expect(answer).ToContainTextAsync("(simulador)");
        var lengths = await ana.EvaluateAsync<int[]>("() => window.answerLengths");
        Assert.True(lengths.Length >= 3, $"the answer grew {lengths.Length} times in the thread: {string.Join(", ", lengths)}");
        Assert.True(await ana.EvaluateAsync<bool>("() => window.econeuraNotReloaded === true"), "the thread reloaded");
    }

    [Fact]
    public async Task Stop_in_a_thread_keeps_the_partial_answer_marks_it_stopped_and_charges_it()
    {
        var page = await cluster.SignedInPageAsync(cluster.NodeA, "ana");
        await Threads.StartAsync(page, "neura-10", "Resume la variación de gastos de viaje del trimestre");
        await Expect(page.Locator("[data-testid=live-answer][data-streaming=true] [data-testid=markdown-text]")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await Threads.Turn(page, 1).GetByTestId("live-answer-stop").ClickAsync();

        var answer = await TurnAsync(page, "Stopped");
        await Expect(answer.GetByTestId("live-answer-stopped")).ToBeVisibleAsync();
        var partial = await answer.GetByTestId("markdown-text").TextContentAsync() ?? "";
        Assert.StartsWith("NEURA Investigación", partial.Trim());
        // Charged for what was written: the turn has a cost above zero, and the thread's total is that cost.
        var cost = (await answer.GetByTestId("conv-turn-cost").TextContentAsync() ?? "").Trim(' ', '·');
        Assert.Matches("[1-9]", cost);
        await Expect(page.GetByTestId("conv-summary")).ToContainTextAsync($"Coste hasta ahora: {cost}");
    }

    [Fact]
    public async Task The_answer_grows_in_the_page_as_it_is_written_then_the_recorded_one_stays()
    {
        var page = await LaunchAsync("es-ES", 1280, "Resume la variación de gastos de viaje del trimestre");

        await Expect(page.GetByTestId("execution-status").First).ToHaveAttributeAsync("data-status", "Completed", Within30Seconds);

        var lengths = await page.EvaluateAsync<int[]>("() => window.answerLengths");
        Assert.True(lengths.Length >= 3, $"the answer grew {lengths.Length} times in the page: {string.Join(", ", lengths)}");
        await Expect(page.GetByTestId("execution-output")).ToContainTextAsync("NEURA Investigación (simulador)");
        await Expect(page.GetByTestId("live-answer")).ToHaveAttributeAsync("data-streaming", "false");
    }

    [Fact]
    public async Task Stop_keeps_the_partial_answer_and_shows_it_stopped_in_english_at_390_px()
    {
        var page = await LaunchAsync("en-GB", 390, "Summarise the quarter's travel spending");
        await Expect(page.Locator("[data-testid=live-answer][data-streaming=true] [data-testid=markdown-text]")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await page.GetByTestId("live-answer-stop").ClickAsync();

        await Expect(page.GetByTestId("execution-status").First).ToHaveAttributeAsync("data-status", "Stopped", Within30Seconds);
        await Expect(page.GetByTestId("execution-status").First).ToHaveTextAsync("Stopped");
        await Expect(page.GetByTestId("live-answer-stopped")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=timeline-entry][data-kind=Stopped]")).ToBeVisibleAsync();
        var partial = await page.GetByTestId("markdown-text").TextContentAsync() ?? "";
        Assert.False(string.IsNullOrWhiteSpace(partial));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 390 px");
        // The legacy run, as AccessibilityTests makes it: it checks the page itself instead of opening a blank page for the check.
#pragma warning disable CS0618
        var axe = await page.Locator("html").RunAxeLegacy(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
#pragma warning restore CS0618
        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), "answer-stopped-390.png"), FullPage = true });

        await page.GotoAsync("/culture/es-ES?returnUrl=" + Uri.EscapeDataString(new Uri(page.Url).AbsolutePath));
        await Expect(page.GetByTestId("execution-status").First).ToHaveTextAsync("Detenida");
    }
}
