using Econeura.Testing;
using Microsoft.Playwright;
using static Econeura.E2E.Approvers;
using static Microsoft.Playwright.Assertions;

namespace Econeura.E2E;

/// <summary>The human in the loop across two portal processes: requester on node A, approvers on node B.</summary>
public sealed class ApprovalTests(PortalCluster cluster) : IClassFixture<PortalCluster>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Within30Seconds = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_high_risk_request_on_one_node_reaches_approvers_on_the_other_and_runs_once_two_of_them_approve()
    {
        var bruno = await QueueAsync(cluster, cluster.NodeB, "bruno");
        var diego = await QueueAsync(cluster, cluster.NodeB, "diego");
        var fabio = await QueueAsync(cluster, cluster.NodeB, "fabio");
        var ana = await cluster.SignedInPageAsync(cluster.NodeA, "ana");

        var executionId = await PortalCluster.LaunchAsync(ana, "ciso-access-recertification", "Recertificación de accesos al ERP de compras");
        await ana.EvaluateAsync("() => window.econeuraNotReloaded = true");
        await Expect(ana.GetByTestId("execution-approval")).ToContainTextAsync("Esperando aprobación: 0 de 2");

        // Both approvers see it arrive without a reload; the other tenant's approver never does.
        var brunoRow = Row(bruno, "Recertificación de accesos");
        await Expect(brunoRow).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(Row(diego, "Recertificación de accesos")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(bruno.GetByTestId("pending-badge")).Not.ToHaveAttributeAsync("data-count", "0");
        Assert.True(await bruno.EvaluateAsync<bool>("() => window.econeuraNotReloaded === true"), "the queue reloaded");
        await Expect(fabio.GetByTestId("approvals-empty")).ToBeVisibleAsync();
        await bruno.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), "approval-queue.png"), FullPage = true });

        await DecideAsync(bruno, brunoRow, "approve");
        await Expect(ana.GetByTestId("execution-approval")).ToContainTextAsync("Esperando aprobación: 1 de 2", new() { Timeout = 15_000 });
        await Expect(ana.GetByTestId("execution-approved-by")).ToContainTextAsync("Bruno Martín");

        await DecideAsync(diego, Row(diego, "Recertificación de accesos"), "approve", "Ticket CHG-1042");
        await Expect(ana.GetByTestId("execution-status").First).ToHaveAttributeAsync("data-status", "Completed", Within30Seconds);
        await Expect(ana.GetByTestId("execution-approval")).ToHaveAttributeAsync("data-approval-status", "Approved");
        Assert.True(await ana.EvaluateAsync<bool>("() => window.econeuraNotReloaded === true"), "the execution page reloaded");
        await Expect(fabio.Locator($"[data-testid^=approval-row-]")).ToHaveCountAsync(0);
        await ana.ScreenshotAsync(new() { Path = Path.Combine(Repository.Artifacts("e2e"), $"approved-execution-{executionId[..8]}.png"), FullPage = true });
    }

    [Fact]
    public async Task An_approver_cannot_approve_their_own_request()
    {
        var bruno = await cluster.SignedInPageAsync(cluster.NodeA, "bruno");
        await PortalCluster.LaunchAsync(bruno, "neura-8", "Revisión de la cláusula de no competencia");
        await bruno.GotoAsync("/approvals");
        await PortalCluster.WaitForCircuitAsync(bruno);

        await Row(bruno, "NEURA Legal").First.GetByTestId("approval-link").ClickAsync();
        await PortalCluster.WaitForCircuitAsync(bruno);

        await Expect(bruno.GetByTestId("cannot-decide")).ToHaveTextAsync("Cuatro ojos: no puedes decidir sobre tu propia solicitud.");
        await Expect(bruno.GetByTestId("approve-button")).ToBeDisabledAsync();
        await Expect(bruno.GetByTestId("reject-button")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task A_rejection_and_its_reason_reach_the_requester_live()
    {
        var diego = await QueueAsync(cluster, cluster.NodeB, "diego");
        var carmen = await cluster.SignedInPageAsync(cluster.NodeA, "carmen");
        await PortalCluster.LaunchAsync(carmen, "cto-cicd-security", "Revisa los permisos del pipeline de despliegue");
        await carmen.EvaluateAsync("() => window.econeuraNotReloaded = true");

        var row = Row(diego, "Seguridad de CI/CD");
        await Expect(row).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await DecideAsync(diego, row, "reject", "Falta el ticket de cambio aprobado");

        await Expect(carmen.GetByTestId("execution-status").First).ToHaveAttributeAsync("data-status", "Rejected", Within30Seconds);
        await Expect(carmen.GetByTestId("execution-rejection-reason")).ToContainTextAsync("Falta el ticket de cambio aprobado");
        Assert.True(await carmen.EvaluateAsync<bool>("() => window.econeuraNotReloaded === true"), "the execution page reloaded");
    }
}
