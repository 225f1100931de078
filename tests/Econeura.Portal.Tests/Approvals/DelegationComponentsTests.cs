using System.Globalization;
using Bunit;
using MudBlazor;

namespace Econeura.Portal.Tests.Approvals;

/// <summary>What an approver away and an admin see: the out-of-office page, and the chain a dry run would follow (in Spanish).</summary>
public sealed class DelegationComponentsTests(PortalFixture fixture) : PortalComponentTest(fixture, "diego", "es-ES")
{
    [Fact]
    public async Task An_approver_delegates_to_a_colleague_and_sees_it_running_then_ends_it()
    {
        await Fixture.Service<People>().NoteAsync(PortalFixture.User("bruno"), CultureInfo.GetCultureInfo("es-ES"));
        Render<MudPopoverProvider>();
        var page = Render<DelegationPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=delegation-make]")));
        await page.Find("[data-testid=delegation-form]").SubmitAsync();

        page.WaitForAssertion(() => Assert.Equal("Bruno Martín", page.Find("[data-testid=delegation-delegate]").TextContent.Trim()));
        Assert.Equal("En curso", page.Find("[data-testid=delegation-state]").TextContent.Trim());

        await page.Find("[data-testid=delegation-end]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("Terminada antes por Diego Fernández", page.Find("[data-testid=delegation-state]").TextContent.Trim()));
    }

    [Fact]
    public void The_dry_run_lists_the_chain_stage_by_stage_and_says_expiry_never_approves()
    {
        IReadOnlyList<ChainStage> chain =
        [
            new(ApproverGroup.Approvers, TimeSpan.FromHours(2)),
            new(ApproverGroup.Finance, TimeSpan.FromHours(4), 50m),
            new(ApproverGroup.Admins, TimeSpan.FromHours(8)),
        ];

        var steps = Render<ChainSteps>(p => p.Add(x => x.Chain, chain).Add(x => x.OnExpiry, ExpiryAction.ReturnToRequester));

        Assert.Equal(["Aprobadores", "Finanzas", "Administradores"],
            steps.FindAll("[data-testid=chain-step]").Select(li => li.TextContent.Split(" · ")[0].Trim()));
        Assert.Contains("devuelta al solicitante", steps.Find("[data-testid=chain-expiry]").TextContent);
        Assert.Contains("Nunca se aprueba por tiempo", steps.Find("[data-testid=chain-expiry]").TextContent);
    }
}
