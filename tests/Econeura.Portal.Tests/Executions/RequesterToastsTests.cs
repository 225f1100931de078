using Bunit;
using Econeura.Portal.Tests.Approvals;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Executions;

/// <summary>
/// A requester hears of the decision on their request, and of a run an admin retried finishing, on whatever page they have
/// open (the toasts live in the layout).
/// </summary>
public sealed class RequesterToastsTests(PortalFixture fixture) : PortalComponentTest(fixture, "ana", "es-ES")
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");

    private Task<DecisionOutcome> DecideAsync(string approver, ApprovalView approval, ApprovalVerdict verdict, string? reason = null) =>
        Fixture.Services.GetRequiredService<ApprovalDesk>().DecideAsync(PortalFixture.User(approver), approval.Id, verdict, reason, null, null);

    [Fact]
    public async Task The_requester_is_told_in_spanish_that_their_request_was_approved_with_the_way_to_its_execution_and_nobody_elses()
    {
        var toasts = Render<RequesterToasts>();
        var theirs = await Fixture.RequestApprovalAsync(PortalFixture.User("carmen"), "Revisa el contrato de suministro");
        var mine = await Fixture.RequestApprovalAsync(Ana, "Revisa el contrato de alquiler");

        await DecideAsync("diego", theirs, ApprovalVerdict.Approve);
        await DecideAsync("bruno", mine, ApprovalVerdict.Approve);

        toasts.WaitForAssertion(() => Assert.Single(toasts.FindAll("[data-testid=request-toast]")));
        var toast = toasts.Find("[data-testid=request-toast]");
        Assert.Equal("Approved", toast.GetAttribute("data-status"));
        Assert.Contains("Tu solicitud a NEURA Legal se aprobó: ya está en marcha.", toast.TextContent);
        var link = toasts.Find("[data-testid=request-toast-link]");
        Assert.Equal(("Abrir la ejecución", $"/executions/{mine.ExecutionId}"), (link.TextContent.Trim(), link.GetAttribute("href")));
    }

    [Fact]
    public async Task A_rejection_reaches_the_requester_with_its_reason_until_they_close_it()
    {
        var toasts = Render<RequesterToasts>();
        var mine = await Fixture.RequestApprovalAsync(Ana, "Revisa la póliza de seguros");

        await DecideAsync("bruno", mine, ApprovalVerdict.Reject, "Falta la póliza vigente");

        toasts.WaitForAssertion(() => Assert.Contains("Tu solicitud a NEURA Legal se rechazó: Falta la póliza vigente",
            toasts.Find("[data-testid=request-toast]").TextContent));
        await toasts.Find("[data-testid=request-toast] button").ClickAsync(new());
        toasts.WaitForAssertion(() => Assert.Empty(toasts.FindAll("[data-testid=request-toast]")));
    }

    [Fact]
    public async Task The_requester_is_told_on_any_page_when_an_admins_retry_finishes_their_failed_run_and_not_of_her_own_retry()
    {
        var toasts = Render<RequesterToasts>();
        var operations = Fixture.Service<ExecutionOperations>();
        // A run she retries herself is hers to watch: it finishes first, and is never told.
        var retriedByHerself = await Fixture.FailedExecutionAsync(Ana);
        Assert.IsType<OperationOutcome.Done>(await operations.RetryAsync(Ana, retriedByHerself));
        await Eventually.Until(() => Fixture.Service<ExecutionQueries>().FindAsync(Ana, retriedByHerself),
            run => run?.FinishedAt is not null, "her own retry to finish");
        var mine = await Fixture.FailedExecutionAsync(Ana);

        Assert.IsType<OperationOutcome.Done>(await operations.RetryAsync(PortalFixture.User("diego"), mine));

        toasts.WaitForAssertion(() => Assert.Contains("Diego Fernández reintentó tu ejecución de NEURA Analytics y ya ha terminado: Completada.",
            toasts.Find("[data-testid=request-toast]").TextContent), TimeSpan.FromSeconds(20));
        Assert.Single(toasts.FindAll("[data-testid=request-toast]"));
        Assert.Equal("Completed", toasts.Find("[data-testid=request-toast]").GetAttribute("data-status"));
        Assert.Equal($"/executions/{mine}", toasts.Find("[data-testid=request-toast-link]").GetAttribute("href"));
    }
}
