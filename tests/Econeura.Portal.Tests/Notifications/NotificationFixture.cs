using System.Globalization;

namespace Econeura.Portal.Tests.Notifications;

/// <summary>A portal whose mail goes to a real SMTP server in the test process, with the demo people known as signed in.</summary>
public class NotificationFixture : PortalFixture
{
    public const string PortalUrl = "https://econeura.test";

    public SmtpCatcher Mail { get; private set; } = default!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = Mail.Port.ToString(CultureInfo.InvariantCulture),
        ["Notifications:Smtp:UseTls"] = "false",
        ["Notifications:PortalUrl"] = PortalUrl,
    };

    public override async Task InitializeAsync()
    {
        Mail = await SmtpCatcher.StartAsync();
        await base.InitializeAsync();
        // As if each had signed in: Bruno in English, the others in Spanish.
        var people = Service<People>();
        foreach (var persona in new[] { "ana", "bruno", "carmen", "diego", "elena", "fabio" })
            await people.NoteAsync(User(persona), CultureInfo.GetCultureInfo(persona == "bruno" ? "en-GB" : "es-ES"));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
    }

    public static string Address(string persona) => DevelopmentPersonas.Get(persona).Email;

    public async Task<IReadOnlyList<NotificationDelivery>> DeliveriesAsync(string tenantId, Guid topicId)
    {
        await using var session = Store.QuerySession(tenantId);
        return await session.Query<NotificationDelivery>().Where(d => d.TopicId == topicId).ToListAsync();
    }

    /// <summary>Waits until no delivery about <paramref name="topicId"/> is still to be sent, and returns them.</summary>
    public Task<IReadOnlyList<NotificationDelivery>> SettledAsync(string tenantId, Guid topicId, int atLeast) =>
        Eventually.Until(() => DeliveriesAsync(tenantId, topicId),
            d => d.Count >= atLeast && d.All(x => x.Status is not DeliveryStatus.Queued), $"{atLeast} deliveries about {topicId} to settle");
}
