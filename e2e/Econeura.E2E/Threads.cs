using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>What a person does in a conversation thread: starts one, sends a message, waits for an answer.</summary>
public static class Threads
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Within30Seconds = new() { Timeout = 30_000 };

    /// <summary>Starts a conversation with <paramref name="agentId"/> from /conversations; returns once its thread is connected.</summary>
    public static async Task StartAsync(IPage page, string agentId, string message)
    {
        await page.GotoAsync($"/conversations?agent={agentId}");
        await PortalCluster.WaitForCircuitAsync(page);
        await SendAsync(page, message);
        await page.WaitForURLAsync(new Regex("/conversations/[0-9a-f-]{36}$"));
        await PortalCluster.WaitForCircuitAsync(page);
    }

    /// <summary>Types <paramref name="message"/> in the composer and sends it once its preview (risk and cost) is shown.</summary>
    public static async Task SendAsync(IPage page, string message)
    {
        await page.GetByTestId("conv-composer").Locator("textarea").FillAsync(message);
        await Expect(page.GetByTestId("conv-estimate")).ToBeVisibleAsync();
        await page.GetByTestId("conv-send").ClickAsync();
    }

    public static ILocator Turn(IPage page, int turn) => page.GetByTestId("conv-turn").Nth(turn - 1);

    /// <summary>The agent's message of turn <paramref name="turn"/> (1-based), once it is answered.</summary>
    public static async Task<ILocator> AnsweredAsync(IPage page, int turn)
    {
        var row = Turn(page, turn);
        await Expect(row).ToHaveAttributeAsync("data-phase", "Answered", Within30Seconds);
        return row.GetByTestId("conv-agent-message");
    }
}
