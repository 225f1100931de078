using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Executions;

public sealed class ExecutionListPageTests(PortalFixture fixture)
    : PortalComponentTest(fixture, "elena", "es-ES")
{
    [Fact]
    public async Task The_list_shows_the_users_executions_live_in_spanish_and_searches_them_by_agent_from_its_address()
    {
        var elena = PortalFixture.User("elena");
        var launcher = Fixture.Services.GetRequiredService<ExecutionLauncher>();
        await launcher.LaunchAsync(elena, "neura-6", "Campaña de primavera");
        var page = Render<ExecutionListPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tbody tr")));
        var before = page.FindAll("tbody tr").Count;

        // Launched after the page rendered: it must arrive through the live notifier, not a reload.
        await launcher.LaunchAsync(elena, "neura-9", "Visitas de mañana");
        page.WaitForAssertion(() => Assert.Equal(before + 1, page.FindAll("tbody tr").Count), TimeSpan.FromSeconds(10));
        Assert.Equal($"1–{before + 1} de {before + 1}", page.Find("[data-testid=executions-range]").TextContent);

        page.Find("input[type=text]").Input("recepcion");

        page.WaitForAssertion(() => Assert.Equal("NEURA Recepción", Assert.Single(page.FindAll("tbody tr")).QuerySelector("a")!.TextContent));
        Assert.EndsWith("/executions?q=recepcion", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task A_request_waiting_for_a_worker_says_so_under_the_name_the_catalog_gives_its_agent()
    {
        // Recorded as "CFO-TREASURY" and never dispatched.
        var id = await Fixture.RequestWithoutJobAsync(PortalFixture.User("elena"), "cfo-treasury", "cfo");

        var page = Render<ExecutionListPage>();

        page.WaitForAssertion(() =>
        {
            var row = page.Find($"[data-testid=execution-row-{id}]");
            Assert.Equal("Tesorería", row.QuerySelector("a")!.TextContent);
            Assert.Equal("Esperando un trabajador", row.QuerySelector("[data-testid=execution-waiting]")!.TextContent);
        });
    }
}

public sealed class ExecutionListEmptyPageTests(PortalFixture fixture)
    : PortalComponentTest(fixture, "olga", "es-ES")
{
    [Fact]
    public void Without_executions_the_list_says_so_and_with_filters_it_offers_to_clear_them()
    {
        var page = Render<ExecutionListPage>();
        page.WaitForAssertion(() => Assert.Contains("No hay ejecuciones", page.Find("[data-testid=no-executions]").TextContent));

        Services.GetRequiredService<NavigationManager>().NavigateTo("/executions?status=Failed&from=2026-11-01");

        page.WaitForAssertion(() => Assert.Contains("Ninguna ejecución coincide con los filtros", page.Find("[data-testid=executions-no-match]").TextContent));
        Assert.EndsWith("/executions", page.Find("[data-testid=executions-no-match] a").GetAttribute("href"));
    }
}
