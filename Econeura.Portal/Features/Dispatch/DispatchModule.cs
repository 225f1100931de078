namespace Econeura.Portal.Features.Dispatch;

public static class DispatchModule
{
    /// <summary>The recurring sweep that looked for executions committed but never enqueued: the outbox made it needless.</summary>
    private const string RetiredSweepJobId = "requeue-stalled-executions";

    public static void AddDispatch(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DispatchOptions>().BindConfiguration("Dispatch")
            .Validate(o => o.PerTenantInFlight is null or >= 0, "Dispatch:PerTenantInFlight cannot be negative (0 turns the cap off).")
            .ValidateOnStart();
        builder.Services.AddSingleton<DispatchSignal>();
        builder.Services.ConfigureMarten(options => options.Storage.ExtendedSchemaObjects.AddRange(DispatchQueue.Schema()));
        builder.Services.AddSingleton<PortalNodes>();
        builder.Services.AddSingleton<DispatchQueue>();
        builder.Services.AddSingleton<Dispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Dispatcher>());
        builder.Services.AddSingleton<DispatchBacklog>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DispatchBacklog>());
        builder.Services.AddHealthChecks().AddCheck<DispatchBacklogCheck>("backlog", tags: [Readiness.Tag]);
    }

    public static void MapDispatch(this WebApplication app) =>
        app.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(RetiredSweepJobId);
}
