namespace Econeura.Portal.Tests.FinOps;

/// <summary>A portal whose tenants post their budget alerts to a real HTTP server the tests read, each on its own path.</summary>
public sealed class FinOpsFixture : PortalFixture
{
    /// <summary>The secret Contoso's channels send in <c>X-Alert-Key</c>, kept in its secret store under <see cref="SecretName"/>.</summary>
    public const string Secret = "test-alert-key-5f2c9e";

    public const string SecretName = "alert-key";

    public WebhookReceiver AlertWebhook { get; private set; } = default!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"Secrets:Tenants:{DevelopmentPersonas.Contoso.Id}:{SecretName}"] = Secret,
        // These tests run many dispatches of one tenant at once on purpose; the fair share would defer most of them.
        ["Dispatch:PerTenantInFlight"] = "0",
    };

    /// <summary>Replaces the tenant's channels with one per path on <see cref="AlertWebhook"/>; returns their ids in order.</summary>
    public async Task<IReadOnlyList<Guid>> SetChannelsAsync(PortalUser admin, params (string Path, bool WithSecret)[] channels)
    {
        var store = Service<AlertChannels>();
        var current = await store.LoadAsync(admin.TenantId);
        var asked = channels.Select(c => new AlertChannel(Guid.Empty, c.Path.Trim('/'), AlertWebhook.Url + c.Path,
            c.WithSecret ? "X-Alert-Key" : null, c.WithSecret ? SecretName : null)).ToList();
        var saved = Assert.IsType<AlertChannelsSave.Saved>(await store.SaveAsync(admin, asked, current.Version));
        return [.. saved.Settings.Channels.Select(c => c.Id)];
    }

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
