using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Security;

/// <summary>Three requests per user and five per tenant in a long window; Fabrikam's users have ten.</summary>
public sealed class TightLimitsFixture : PortalFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:PerUser:PermitLimit"] = "3",
        ["RateLimits:PerUser:WindowMinutes"] = "60",
        ["RateLimits:PerTenant:PermitLimit"] = "5",
        ["RateLimits:PerTenant:WindowMinutes"] = "60",
        [$"RateLimits:Tenants:{DevelopmentPersonas.Fabrikam.Id}:PerUser:PermitLimit"] = "10",
    };
}

public sealed class UsageLimitTests(TightLimitsFixture fixture) : IClassFixture<TightLimitsFixture>
{

    [Fact]
    public async Task A_user_over_the_limit_gets_429_with_retry_after_and_so_does_the_tenant_but_not_another_tenant()
    {
        var ana = await fixture.Portal.ClientForAsync("ana");
        var bruno = await fixture.Portal.ClientForAsync("bruno");
        var elena = await fixture.Portal.ClientForAsync("elena");

        var anasCalls = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) anasCalls.Add((await ana.GetAsync("/api/v1/agents")).StatusCode);
        var brunosCalls = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++) brunosCalls.Add(await bruno.PostAsJsonAsync("/api/v1/dlp/scan", new { text = "hola" }));
        var elenasCalls = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) elenasCalls.Add((await elena.GetAsync("/api/v1/agents")).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], anasCalls);
        // Contoso's five are spent by Ana's three and Bruno's first two.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], brunosCalls.Select(r => r.StatusCode));
        var refused = brunosCalls[2];
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(60));
        Assert.Contains("Try again in", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.All(elenasCalls, status => Assert.Equal(HttpStatusCode.OK, status));
    }
}

public sealed class LaunchLimitTests(TightLimitsFixture fixture) : PortalComponentTest<TightLimitsFixture>(fixture, "fabio", "en-GB")
{
    [Fact]
    public async Task Launching_from_the_page_spends_the_same_allowance_and_says_when_to_try_again()
    {
        var form = Render<LaunchForm>(p => p.Add(f => f.AgentId, "neura-10"));
        form.WaitForElement("[data-testid=launch-agent-name]");
        // Fabio's own allowance is ten; Fabrikam's is five, spent here through the API by Elena.
        var elena = await Fixture.Portal.ClientForAsync(DevelopmentPersonas.Get("elena"));
        for (var i = 0; i < 5; i++) await elena.GetAsync("/api/v1/agents");

        form.Find("textarea").Input("Resume el trimestre");
        await form.Find("[data-testid=launch-button]").ClickAsync(new());

        form.WaitForAssertion(() => Assert.StartsWith("You have launched many executions", form.Find("[data-testid=launch-limited]").TextContent.Trim()));
        Assert.Equal("/", new Uri(Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri).AbsolutePath);
    }
}
