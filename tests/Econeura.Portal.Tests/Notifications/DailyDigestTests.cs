using Econeura.Portal.Tests.Approvals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Econeura.Portal.Tests.Notifications;

/// <summary>A person who chose the daily digest gets one mail a day with what still waits, received by a real SMTP server.</summary>
public sealed class DailyDigestTests(NotificationFixture fixture) : IClassFixture<NotificationFixture>
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly PortalUser Bruno = PortalFixture.User("bruno");
    private static readonly PortalUser Diego = PortalFixture.User("diego");

    [Fact]
    public async Task The_digest_gathers_what_still_waits_into_one_mail_at_its_hour_once_and_leaves_out_what_was_decided_meanwhile()
    {
        var settings = fixture.Service<NotificationSettingsStore>();
        Assert.True(await settings.SavePersonAsync(Diego, new Dictionary<NotificationKind, NotificationChoice>(), digest: true,
            (await settings.PersonAsync(Diego.TenantId, Diego.UserId)).Version));
        var first = await fixture.RequestApprovalAsync(Ana, "Revisa el contrato de mantenimiento de la flota.");
        var second = await fixture.RequestApprovalAsync(Ana, "Revisa el anexo de precios del proveedor de limpieza.");
        var decided = await fixture.RequestApprovalAsync(Ana, "Revisa la oferta del nuevo proveedor de papelería.");
        // Bruno, without the digest, is mailed at once about each; Diego's are held.
        foreach (var request in new[] { first, second, decided })
        {
            var deliveries = await fixture.SettledAsync(Ana.TenantId, request.Id, atLeast: 2);
            Assert.Equal(DeliveryStatus.Held, Assert.Single(deliveries, d => d.RecipientId == Diego.UserId).Status);
        }
        Assert.Equal(3, fixture.Mail.To(NotificationFixture.Address("bruno")).Count);
        Assert.Empty(fixture.Mail.To(NotificationFixture.Address("diego")));
        Assert.IsType<DecisionOutcome.Decided>(await fixture.Service<ApprovalDesk>()
            .DecideAsync(Bruno, decided.Id, ApprovalVerdict.Reject, "Ya tenemos proveedor de papelería", null, null));

        var now = DateTimeOffset.UtcNow;
        var digestHour = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1).AddHours(fixture.Service<IOptions<NotificationOptions>>().Value.DigestHourUtc),
            TimeSpan.Zero);
        RemindApproversJob At(DateTimeOffset at) =>
            ActivatorUtilities.CreateInstance<RemindApproversJob>(fixture.Services, (TimeProvider)new ShiftedTime(at - DateTimeOffset.UtcNow));

        // Before its hour, nothing goes.
        await At(digestHour.AddMinutes(-30)).SendDigestsAsync(CancellationToken.None);
        Assert.All(await fixture.DeliveriesAsync(Ana.TenantId, first.Id), d => Assert.NotEqual(DeliveryStatus.Digested, d.Status));

        // At its hour the minute's sweep runs three times: one mail.
        var atHour = At(digestHour.AddMinutes(1));
        for (var i = 0; i < 3; i++) await atHour.SendDigestsAsync(CancellationToken.None);

        var digest = await Eventually.Until(() => Task.FromResult(fixture.Mail.To(NotificationFixture.Address("diego"))), m => m.Count > 0, "the digest");
        Assert.Equal("Econeura: 2 solicitudes en el resumen de hoy", Assert.Single(digest).Subject);
        foreach (var waiting in new[] { first, second })
            Assert.Contains($"{NotificationFixture.PortalUrl}/approvals/{waiting.Id}", digest[0].Text);
        Assert.DoesNotContain(decided.Id.ToString(), digest[0].Text);
        var folded = (await fixture.DeliveriesAsync(Ana.TenantId, first.Id)).Single(d => d.RecipientId == Diego.UserId);
        Assert.Equal(DeliveryStatus.Digested, folded.Status);
        var record = await Eventually.Until(async () =>
        {
            await using var session = fixture.Store.QuerySession(Ana.TenantId);
            return await session.LoadAsync<NotificationDelivery>(folded.DigestId!.Value);
        }, d => d is { Status: DeliveryStatus.Sent }, "the digest's own record");
        Assert.Equal(3, record!.DigestOf.Count);
        Assert.Single(fixture.Mail.To(NotificationFixture.Address("diego")));
    }
}
