using Bunit;
using Econeura.Portal.Features.Executions;
using Econeura.Portal.Infrastructure.LiveUpdates;
using Econeura.Portal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Executions;

public sealed class ExecutionListPageTests(PortalFixture fixture)
    : PortalComponentTest(fixture, "elena", "es-ES")
{
    [Fact]
    public async Task The_list_shows_the_users_executions_live_and_filters_them_by_agent()
    {
        var elena = PortalFixture.User("elena");
        var launcher = Fixture.Services.GetRequiredService<ExecutionLauncher>();
        await launcher.LaunchAsync(elena, "neura-6", "Campaña de primavera");
        var page = Render<ExecutionListPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tbody tr")));

        // Launched after the page rendered: it must arrive through the live notifier, not a reload.
        await launcher.LaunchAsync(elena, "neura-9", "Visitas de mañana");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count), TimeSpan.FromSeconds(10));

        page.Find("input[placeholder='Buscar por agente o persona']").Input("reception");

        page.WaitForAssertion(() => Assert.Equal("NEURA Reception", Assert.Single(page.FindAll("tbody tr")).QuerySelector("a")!.TextContent));
    }
}
