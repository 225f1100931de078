using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Executions;

/// <summary>The launch form against the real catalog, launcher and database: what the user is told, and what is (not) stored.</summary>
public sealed class LaunchFormTests(PortalFixture fixture) : PortalComponentTest(fixture, "carmen", "en-GB")
{
    private async Task<int> StoredExecutionsAsync()
    {
        await using var session = Fixture.Store.QuerySession(Persona.Tenant.Id);
        return await session.Query<ExecutionView>().CountAsync(v => v.RequestedBy == $"dev-{Persona.Id}");
    }

    private static IReadOnlyList<string> Errors(IRenderedComponent<LaunchForm> form) =>
        form.FindAll("[data-testid=launch-error]").Select(e => e.TextContent.Trim()).ToList();

    [Fact]
    public async Task Empty_input_is_refused_with_a_message_and_nothing_is_stored()
    {
        var storedBefore = await StoredExecutionsAsync();
        var form = Render<LaunchForm>(p => p.Add(f => f.AgentId, "neura-3"));
        form.WaitForElement("[data-testid=launch-agent-name]");

        await form.Find("[data-testid=launch-button]").ClickAsync(new());

        form.WaitForAssertion(() => Assert.Equal(["Write what the agent should do: the input is empty."], Errors(form)));
        Assert.Equal(storedBefore, await StoredExecutionsAsync());
    }

    [Fact]
    public void An_unknown_agent_is_named_in_the_message_with_a_way_back_and_no_form_to_fill()
    {
        var form = Render<LaunchForm>(p => p.Add(f => f.AgentId, "neura-404"));

        form.WaitForAssertion(() => Assert.Equal(["There is no agent 'neura-404' in your catalog."], Errors(form)));
        Assert.Empty(form.FindAll("textarea"));
        Assert.Empty(form.FindAll("[data-testid=launch-button]"));
        Assert.Equal("/agents", form.Find("a[href='/agents']").GetAttribute("href"));
    }

    [Fact]
    public async Task An_error_of_the_last_launch_goes_away_once_the_input_changes()
    {
        var form = Render<LaunchForm>(p => p.Add(f => f.AgentId, "neura-3"));
        form.WaitForElement("[data-testid=launch-agent-name]");
        await form.Find("[data-testid=launch-button]").ClickAsync(new());
        form.WaitForAssertion(() => Assert.Single(Errors(form)));

        form.Find("textarea").Input("Previsión de tesorería");

        form.WaitForAssertion(() => Assert.NotNull(form.Find("[data-testid=risk-preview]")));
        Assert.Empty(Errors(form));
    }

    [Fact]
    public async Task Input_over_the_limit_is_refused_with_the_limit_and_nothing_is_stored()
    {
        var storedBefore = await StoredExecutionsAsync();
        var form = Render<LaunchForm>(p => p.Add(f => f.AgentId, "neura-3"));
        form.WaitForElement("[data-testid=launch-agent-name]");

        form.Find("textarea").Input(new string('a', ExecutionDecisions.MaxInputLength + 1));
        await form.Find("[data-testid=launch-button]").ClickAsync(new());

        form.WaitForAssertion(() => Assert.Equal(["The input is too long: at most 8,000 characters."], Errors(form)));
        Assert.Equal(storedBefore, await StoredExecutionsAsync());
        // Said before any click too: a browser cuts a longer paste at the limit, and the form says so.
        Assert.Contains("limit of 8,000 characters", form.Find("[data-testid=launch-at-limit]").TextContent);
    }

    [Fact]
    public async Task A_valid_launch_stores_the_execution_and_opens_its_page()
    {
        var storedBefore = await StoredExecutionsAsync();
        var form = Render<LaunchForm>(p => p.Add(f => f.AgentId, "neura-3"));
        form.WaitForElement("[data-testid=launch-agent-name]");

        form.Find("textarea").Input("Previsión de tesorería");
        await form.Find("[data-testid=launch-button]").ClickAsync(new());

        var navigation = Services.GetRequiredService<NavigationManager>();
        form.WaitForAssertion(() => Assert.Matches("/executions/[0-9a-f-]{36}$", navigation.Uri));
        Assert.Empty(Errors(form));
        Assert.Equal(storedBefore + 1, await StoredExecutionsAsync());
    }

    [Fact]
    public async Task The_preview_shows_as_the_user_types_what_will_be_sent_and_what_the_policy_does()
    {
        var storedBefore = await StoredExecutionsAsync();
        var form = Render<LaunchForm>(p => p.Add(f => f.AgentId, "neura-3"));
        form.WaitForElement("[data-testid=launch-agent-name]");

        form.Find("textarea").Input("Envía la nómina a marta.ruiz@contoso.es y a marta.ruiz@contoso.es, IBAN ES9121000418450200051332");

        form.WaitForAssertion(() => Assert.Equal(
            "Envía la nómina a <EMAIL_1> y a <EMAIL_1>, IBAN <IBAN_1>",
            form.Find("[data-testid=dlp-redacted]").TextContent.Trim()), TimeSpan.FromSeconds(5));
        Assert.Equal(["EMAIL", "EMAIL", "IBAN"], form.FindAll("[data-testid=dlp-placeholder]").Select(p => p.GetAttribute("data-type")));
        Assert.Equal("Redact", form.Find("[data-testid=dlp-action]").GetAttribute("data-action"));
        Assert.DoesNotContain("marta.ruiz", form.Find("[data-testid=dlp-preview]").TextContent);
        Assert.Equal(storedBefore, await StoredExecutionsAsync());
    }
}
