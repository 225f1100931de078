using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>What an approver does in the browser: opens the queue, finds a request in it, decides on it.</summary>
public static class Approvers
{
    /// <summary>The approval queue of <paramref name="persona"/> on <paramref name="node"/>, marked so a reload would show.</summary>
    public static async Task<IPage> QueueAsync(PortalCluster cluster, PortalProcess node, string persona)
    {
        var page = await cluster.SignedInPageAsync(node, persona);
        await page.GotoAsync("/approvals");
        await PortalCluster.WaitForCircuitAsync(page);
        await page.EvaluateAsync("() => window.econeuraNotReloaded = true");
        return page;
    }

    public static ILocator Row(IPage queue, string agentName) =>
        queue.Locator("[data-testid^=approval-row-]").Filter(new() { HasText = agentName });

    /// <summary>Opens <paramref name="row"/>'s request and approves or rejects it ("approve", "reject"), with an optional reason.</summary>
    public static async Task DecideAsync(IPage approver, ILocator row, string verdict, string? reason = null)
    {
        await row.GetByTestId("approval-link").ClickAsync();
        await approver.WaitForURLAsync(new Regex("/approvals/[0-9a-f-]{36}$"));
        await PortalCluster.WaitForCircuitAsync(approver);
        await approver.GetByTestId($"{verdict}-button").ClickAsync();
        if (reason is not null) await approver.GetByTestId("decision-reason").FillAsync(reason);
        await approver.GetByTestId("decision-confirm").ClickAsync();
        await Expect(approver.GetByTestId("decision-notice")).ToBeVisibleAsync();
    }
}
