using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using static Econeura.Portal.Tests.FinOps.AlertSteps;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>Each tenant's finance staff set their own alert channels, and each tenant's alerts go to its channels only.</summary>
public sealed class TenantAlertChannelsTests(FinOpsFixture fixture) : IClassFixture<FinOpsFixture>
{
    private static readonly PortalUser Diego = PortalFixture.User("diego");
    private static readonly PortalUser Fabio = PortalFixture.User("fabio");

    [Fact]
    public async Task Two_tenants_each_get_only_their_own_alerts_on_their_own_channel_naming_the_tenant()
    {
        await fixture.SetChannelsAsync(Diego, ("/contoso", true));
        await fixture.SetChannelsAsync(Fabio, ("/fabrikam", false));
        await SetBudgetAsync(fixture, Diego, "cfo", 0.001m, 100);
        await SetBudgetAsync(fixture, Fabio, "cfo", 0.001m, 50, 100);

        await Task.WhenAll(
            RunExecutionsAsync(fixture, PortalFixture.User("ana"), "neura-3", "cfo", 3),
            RunExecutionsAsync(fixture, PortalFixture.User("elena"), "neura-3", "cfo", 3));
        await SettledAsync(fixture);

        foreach (var (admin, path, tenant) in new[] { (Diego, "/contoso", DevelopmentPersonas.Contoso), (Fabio, "/fabrikam", DevelopmentPersonas.Fabrikam) })
        {
            var alerts = AlertIds(await EventsAsync(fixture, admin.TenantId, "cfo")).Order().ToList();
            Assert.NotEmpty(alerts);
            Assert.Equal(alerts, PostedAlerts(fixture.AlertWebhook, path).Order());
            Assert.All(fixture.AlertWebhook.Received.Where(r => r.Path == path).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("tenant")), t =>
            {
                Assert.Equal(tenant.Id, t.GetProperty("id").GetString());
                Assert.Equal(tenant.Name, t.GetProperty("name").GetString());
            });
        }
        // Contoso's secret goes to Contoso's channel only.
        Assert.All(fixture.AlertWebhook.Received.Where(r => r.Path == "/fabrikam"), r => Assert.False(r.Headers.ContainsKey("X-Alert-Key")));
    }

    [Fact]
    public async Task The_api_saves_channels_over_the_version_read_naming_each_problem_and_never_holding_a_secret()
    {
        using var client = await fixture.Portal.ClientForAsync("diego");
        var read = await client.GetFromJsonAsync<JsonElement>("/api/v1/budgets/alert-channels");
        var version = read.GetProperty("version").GetInt64();

        using var unversioned = await client.PutAsJsonAsync("/api/v1/budgets/alert-channels", new { channels = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, unversioned.StatusCode);
        Assert.True((await unversioned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("version", out _));

        using var invalid = await client.PutAsJsonAsync("/api/v1/budgets/alert-channels", new
        {
            version,
            channels = new object[]
            {
                new { name = "", url = "ftp://example.com/x" },
                new { name = "ops", url = "https://example.com/hook", secretHeader = "X-Key" },
                new { name = "metadata", url = "http://169.254.169.254/", secretHeader = "X-Key", secretName = "not-configured" },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["channels[0].name", "channels[0].url", "channels[1].secretName", "channels[2].secretName", "channels[2].url"],
            errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("private or internal network", errors.GetProperty("channels[2].url")[0].GetString());

        using var saved = await client.PutAsJsonAsync("/api/v1/budgets/alert-channels", new
        {
            version,
            channels = new[] { new { name = "ops", url = fixture.AlertWebhook.Url + "/api", secretHeader = "X-Alert-Key", secretName = FinOpsFixture.SecretName } },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var body = await saved.Content.ReadAsStringAsync();
        var channel = JsonDocument.Parse(body).RootElement.GetProperty("channels")[0];
        Assert.NotEqual(Guid.Empty, channel.GetProperty("id").GetGuid());
        Assert.Equal(FinOpsFixture.SecretName, channel.GetProperty("secretName").GetString());
        Assert.DoesNotContain(FinOpsFixture.Secret, body);

        using var stale = await client.PutAsJsonAsync("/api/v1/budgets/alert-channels", new { version, channels = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        await SetBudgetAsync(fixture, Diego, "cto", 0.001m, 100);
        await RunExecutionsAsync(fixture, PortalFixture.User("ana"), "neura-7", "cto", 1);
        await SettledAsync(fixture);
        Assert.Equal(FinOpsFixture.Secret, Assert.Single(fixture.AlertWebhook.Received, r => r.Path == "/api").Headers["X-Alert-Key"]);
        // The secret's value is in the tenant's secret store only: not in the settings, the events or the logs.
        await using var session = fixture.Store.QuerySession(Diego.TenantId);
        Assert.DoesNotContain(FinOpsFixture.Secret, JsonSerializer.Serialize(await session.LoadAsync<AlertChannelSettings>(AlertChannelSettings.DocumentId)));
        Assert.DoesNotContain(FinOpsFixture.Secret, JsonSerializer.Serialize(await EventsAsync(fixture, Diego.TenantId, "cto")));
        Assert.DoesNotContain(fixture.Portal.Logs.Lines, line => line.Contains(FinOpsFixture.Secret));
    }

    [Fact]
    public async Task A_new_month_clears_what_the_last_one_left_crossed_with_a_back_under_alert_posted_once()
    {
        var channel = (await fixture.SetChannelsAsync(Fabio, ("/month", false)))[0];
        var stream = BudgetMonitor.StreamId(Fabio.TenantId, "chro", "2020-01");
        await fixture.Service<BudgetMonthStream>().WriteAsync(Fabio.TenantId, stream, state => BudgetAlertDecisions.Check(
            state, new BudgetRule("chro", 1m, [50, 80, 100], BudgetAtLimit.Block), "2020-01", 0.9m, [channel], Guid.CreateVersion7, DateTimeOffset.UtcNow), CancellationToken.None);

        var monitor = fixture.Service<BudgetMonitor>();
        await Task.WhenAll(monitor.CloseEndedMonthsAsync(Fabio.TenantId), monitor.CloseEndedMonthsAsync(Fabio.TenantId));
        await SettledAsync(fixture);

        await using var session = fixture.Store.QuerySession(Fabio.TenantId);
        var view = await session.LoadAsync<BudgetAlertView>(stream);
        Assert.Empty(view!.Crossed);
        var backUnder = Assert.Single(view.Alerts, a => a.Kind == BudgetAlertKind.BackUnder);
        Assert.Equal([50, 80], backUnder.ThresholdsPercent);
        Assert.Equal(BudgetClearedBy.MonthEnded, backUnder.ClearedBy);
        Assert.Equal(AlertDelivery.Delivered, backUnder.Delivery);
        var post = Assert.Single(fixture.AlertWebhook.Received, r => r.Path == "/month" && r.Body.Contains("\"kind\":\"backUnder\""));
        Assert.Contains("\"reason\":\"monthEnded\"", post.Body);
    }
}

public sealed class GlobalAlertWebhookTests
{
    [Fact]
    public async Task The_old_global_alert_webhook_stops_the_start_saying_where_channels_are_set_now_without_its_secret()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var portal = new PortalFactory(database.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["FinOps:AlertWebhook:Url"] = "https://hooks.example.com/all-tenants",
            ["FinOps:AlertWebhook:Secret"] = "old-global-secret-0123",
        });

        var refused = Assert.ThrowsAny<Exception>(portal.StartServer).ToString();

        Assert.Contains("FinOps:AlertWebhook no longer works", refused);
        Assert.Contains("/finance/budgets", refused);
        Assert.DoesNotContain("old-global-secret", refused);
    }
}
