using Econeura.Portal.Infrastructure.Egress;

namespace Econeura.Portal.Features.Notifications;

public static class NotificationsModule
{
    public static void AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration("Notifications")
            .Validate(o => o.IsValid(),
                "Notifications: PortalUrl must be an http(s) address, DigestHourUtc 0-23, and Smtp (when Host is set) needs a Port, a From address " +
                "and, for PasswordSecret, a secret's name (not its value).")
            .ValidateOnStart();
        builder.Services.ConfigureMarten(options =>
        {
            options.Schema.For<NotificationDelivery>().UseNumericRevisions(true).Index(x => x.Status).Index(x => x.QueuedAt).Index(x => x.RecipientId);
            options.Schema.For<ApprovalReminded>();
            options.Schema.For<OwedNotice>().Index(x => x.OwedSince);
        });
        builder.Services.ConfigureMarten((services, options) => options.Listeners.Add(new NotifyApprovalMoments(services)));
        builder.Services.ConfigureMarten((services, options) => options.Listeners.Add(new NotifyBudgetAlerts(services)));
        builder.Services
            .AddSettingsDocument<NotificationSettings>()
            .AddSettingsDocument<PersonalNotificationSettings>()
            .AddSingleton<NotificationSettingsStore>()
            .AddSingleton<NotificationDeliveries>()
            .AddSingleton<ApprovalRecipients>()
            .AddSingleton<PortalLinks>()
            .AddSingleton<MailSender>()
            .AddTransient<ApprovalMessages>()
            .AddTransient<BudgetAlertMessages>()
            .AddTransient<PlanNotificationsJob>()
            .AddTransient<DeliverNotificationJob>()
            .AddTransient<RemindApproversJob>();
        // Through the tenant's egress pool, like agent calls and budget alerts; no client logs: a channel's address is its credential.
        builder.Services.AddHttpClient(DeliverNotificationJob.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<EgressConnections>().Handler())
            .RemoveAllLoggers();
    }

    public static void MapNotifications(this WebApplication app) =>
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<RemindApproversJob>(
            RemindApproversJob.RecurringJobId, job => job.SweepAsync(CancellationToken.None), Cron.Minutely());
}
