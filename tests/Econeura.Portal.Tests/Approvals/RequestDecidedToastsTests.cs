using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Approvals;

/// <summary>A requester hears of the decision on their request on whatever page they have open (the toasts live in the layout).</summary>
public sealed class RequestDecidedToastsTests(PortalFixture fixture) : PortalComponentTest(fixture, "ana", "es-ES")
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");

    private Task<DecisionOutcome> DecideAsync(string approver, ApprovalView approval, ApprovalVerdict verdict, string? reason = null) =>
        Fixture.Services.GetRequiredService<ApprovalDesk>().DecideAsync(PortalFixture.User(approver), approval.Id, verdict, reason, null, null);

    [Fact]
    public async Task The_requester_is_told_in_spanish_that_their_request_was_approved_with_the_way_to_its_execution_and_nobody_elses()
    {
        var toasts = Render<RequestDecidedToasts>();
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
        var toasts = Render<RequestDecidedToasts>();
        var mine = await Fixture.RequestApprovalAsync(Ana, "Revisa la póliza de seguros");

        await DecideAsync("bruno", mine, ApprovalVerdict.Reject, "Falta la póliza vigente");

        toasts.WaitForAssertion(() => Assert.Contains("Tu solicitud a NEURA Legal se rechazó: Falta la póliza vigente",
            toasts.Find("[data-testid=request-toast]").TextContent));
        await toasts.Find("[data-testid=request-toast] button").ClickAsync(new());
        toasts.WaitForAssertion(() => Assert.Empty(toasts.FindAll("[data-testid=request-toast]")));
    }
}
