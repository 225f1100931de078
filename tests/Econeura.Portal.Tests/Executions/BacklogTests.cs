using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Executions;

public sealed class SmallBacklogFixture : PortalFixture
{
    public const int Limit = 3;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Dispatch:MaxQueuedPerTenant"] = Limit.ToString(),
    };
}

/// <summary>A tenant whose backlog is full is told to come back later instead of joining a wait that only grows.</summary>
public sealed class BacklogTests(SmallBacklogFixture fixture) : IClassFixture<SmallBacklogFixture>
{
    [Fact]
    public async Task With_the_backlog_full_a_launch_gets_503_with_retry_after_stores_nothing_and_other_tenants_still_launch()
    {
        var ana = PortalFixture.User("ana");
        // Waiting for a worker: requested, and no job has taken them yet.
        for (var i = 0; i < SmallBacklogFixture.Limit; i++) await fixture.RequestWithoutJobAsync(ana, "neura-1", "analytics");
        var anaApi = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Get("ana"));
        var before = (await anaApi.GetFromJsonAsync<JsonElement>("/api/v1/executions")).GetArrayLength();

        var refused = await anaApi.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = "Una más" });
        var elsewhere = await (await fixture.Portal.ClientForAsync(DevelopmentPersonas.Get("elena")))
            .PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = "Otra organización" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"{SmallBacklogFixture.Limit} executions waiting", await refused.Content.ReadAsStringAsync());
        Assert.Equal(before, (await anaApi.GetFromJsonAsync<JsonElement>("/api/v1/executions")).GetArrayLength());
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
        // Readiness says so too: degraded (the node works), with the reason.
        await Eventually.Until(BacklogReadinessAsync, check => check?.GetProperty("status").GetString() == "Degraded", "readiness to report the full backlog");
        Assert.Contains("launches are refused", (await BacklogReadinessAsync())?.GetProperty("reason").GetString());
    }

    private async Task<JsonElement?> BacklogReadinessAsync()
    {
        using var answer = await fixture.Portal.CreateClient().GetAsync("/health/ready");
        var report = await answer.Content.ReadFromJsonAsync<JsonElement>();
        return report.GetProperty("checks").EnumerateArray().FirstOrDefault(c => c.GetProperty("name").GetString() == "backlog");
    }
}

public sealed class BacklogFormTests(SmallBacklogFixture fixture) : PortalComponentTest<SmallBacklogFixture>(fixture, "carmen", "en-GB")
{
    [Fact]
    public async Task The_form_says_how_many_wait_and_when_to_try_again_and_stays_on_the_page()
    {
        for (var i = 0; i < SmallBacklogFixture.Limit; i++) await Fixture.RequestWithoutJobAsync(PortalFixture.User("carmen"), "neura-3", "cfo");
        var form = Render<LaunchForm>(p => p.Add(f => f.AgentId, "neura-3"));
        form.WaitForElement("[data-testid=launch-agent-name]");

        form.Find("textarea").Input("Resume el trimestre");
        await form.Find("[data-testid=launch-button]").ClickAsync(new());

        form.WaitForAssertion(() => Assert.StartsWith("Your organisation already has", form.Find("[data-testid=launch-backlogged]").TextContent.Trim()));
        Assert.Equal("/", new Uri(Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri).AbsolutePath);
    }
}
