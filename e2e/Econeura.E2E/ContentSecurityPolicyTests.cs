using Microsoft.Playwright;

namespace Econeura.E2E;

public sealed class ContentSecurityPolicyTests(PortalCluster cluster) : IClassFixture<PortalCluster>
{
    private static readonly string[] InteractivePages =
    [
        "/", "/agents", "/agents/neura-1/launch", "/executions", "/approvals", "/approvals/history",
        "/finance", "/finance/budgets", "/finance/prices", "/finance/reconciliation", "/finance/alerts", "/admin/dlp", "/admin/risk",
        "/admin/cost-centres",
    ];

    /// <summary>Everything the browser refused under the policy, as the console reports it.</summary>
    private static List<string> CollectViolations(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add($"{page.Url}: {message.Text}");
        };
        return violations;
    }

    [Fact]
    public async Task Every_page_and_the_jobs_dashboard_work_under_the_policy_without_a_single_violation()
    {
        var admin = await cluster.SignedInPageAsync(cluster.NodeA, "diego");
        var violations = CollectViolations(admin);
        foreach (var path in InteractivePages)
        {
            await admin.GotoAsync(path);
            await PortalCluster.WaitForCircuitAsync(admin);
        }
        // A dialog and a live control: MudBlazor's popovers and scripts at work, not only a first render.
        await admin.GotoAsync("/agents/neura-1/launch");
        await PortalCluster.WaitForCircuitAsync(admin);
        await admin.Locator("textarea").FillAsync("Resume el trimestre para ana@contoso.es");
        await admin.GetByTestId("launch-button").ClickAsync();
        await admin.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/executions/[0-9a-f-]{36}$"));
        await PortalCluster.WaitForCircuitAsync(admin);

        var operatorPage = await cluster.SignedInPageAsync(cluster.NodeA, "olga");
        violations.AddRange(CollectViolations(operatorPage));
        await operatorPage.GotoAsync("/admin/jobs");
        await operatorPage.GotoAsync("/admin/jobs/recurring");
        await operatorPage.Locator("text=approval-deadlines").First.WaitForAsync();

        Assert.Empty(violations);
    }
}
