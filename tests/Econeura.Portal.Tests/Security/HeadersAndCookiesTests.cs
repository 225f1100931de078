using System.Net;

namespace Econeura.Portal.Tests.Security;

public sealed class HeadersAndCookiesTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("olga", "/executions")]
    [InlineData("olga", "/admin/jobs")]
    [InlineData(null, "/signin-dev")]
    [InlineData(null, "/api/v1/executions")]
    [InlineData(null, "/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData(null, "/health/live")]
    public async Task Every_response_carries_the_security_headers(string? persona, string path)
    {
        var client = persona is null ? fixture.Portal.CreateClient(new() { AllowAutoRedirect = false }) : await fixture.Portal.BrowserForAsync(persona);

        var response = await client.GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Portal_pages_run_no_inline_script_only_the_jobs_dashboard_may()
    {
        var olga = await fixture.Portal.BrowserForAsync("olga");

        var page = await olga.GetAsync("/executions");
        var dashboard = await olga.GetAsync("/admin/jobs");

        Assert.Contains("script-src 'self';", Assert.Single(page.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("script-src 'self' 'unsafe-inline';", Assert.Single(dashboard.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task The_jobs_dashboard_shows_but_does_not_change_unless_configured()
    {
        var olga = await fixture.Portal.BrowserForAsync("olga");

        var trigger = await olga.PostAsync("/admin/jobs/recurring/trigger", new FormUrlEncodedContent(new Dictionary<string, string> { ["jobs[]"] = "requeue-stalled-executions" }));
        var page = await olga.GetStringAsync("/admin/jobs/recurring");

        Assert.False(trigger.IsSuccessStatusCode, $"{(int)trigger.StatusCode}");
        Assert.DoesNotContain("js-jobs-list-command", page);
    }
}

public sealed class DashboardAllowsChangesFixture : PortalFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["BackgroundJobs:DashboardAllowsChanges"] = "true" };
}

public sealed class JobDashboardWithChangesTests(DashboardAllowsChangesFixture fixture) : IClassFixture<DashboardAllowsChangesFixture>
{
    [Fact]
    public async Task With_changes_allowed_the_dashboard_offers_its_commands() =>
        Assert.Contains("js-jobs-list-command", await (await fixture.Portal.BrowserForAsync("olga")).GetStringAsync("/admin/jobs/recurring"));
}

public sealed class ProductionStartTests
{
    [Fact]
    public async Task Outside_development_the_portal_refuses_to_start_without_an_explicit_host_list()
    {
        await using var database = await Econeura.Testing.TestDatabase.CreateAsync();
        await using var portal = new PortalFactory(database.ConnectionString, "Production", new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = "00000000-0000-0000-0000-000000000001",
            ["AzureAd:ClientId"] = "00000000-0000-0000-0000-000000000002",
        });

        var refused = Assert.ThrowsAny<Exception>(portal.StartServer);

        Assert.Contains("AllowedHosts", refused.ToString());
    }
}
