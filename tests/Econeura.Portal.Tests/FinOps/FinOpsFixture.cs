namespace Econeura.Portal.Tests.FinOps;

/// <summary>A portal whose budget alerts are posted to a real HTTP server the tests read.</summary>
public sealed class FinOpsFixture : PortalFixture
{
    public WebhookReceiver AlertWebhook { get; private set; } = default!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["FinOps:AlertWebhook:Url"] = AlertWebhook.Url + "/alerts",
        ["FinOps:AlertWebhook:SecretHeader"] = "X-Alert-Key",
        ["FinOps:AlertWebhook:Secret"] = "test-alert-key",
        // These tests run many dispatches of one tenant at once on purpose; the fair share would defer most of them.
        ["Dispatch:PerTenantInFlight"] = "0",
    };

    public override async Task InitializeAsync()
    {
        AlertWebhook = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await AlertWebhook.DisposeAsync();
    }
}
