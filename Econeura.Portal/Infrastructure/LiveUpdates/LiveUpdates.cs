namespace Econeura.Portal.Infrastructure.LiveUpdates;

public static class LiveUpdates
{
    /// <summary>Every commit that touches a stream notifies, and every node hears it and tells its open pages.</summary>
    public static void AddLiveUpdates(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StreamChangeNotifier>();
        builder.Services.AddSingleton(typeof(LiveFeed<>));
        builder.Services.AddSingleton<AnswerRelay>();
        builder.Services.AddSingleton<PostgresChangeListener>();
        builder.Services.AddHostedService(services => services.GetRequiredService<PostgresChangeListener>());
        builder.Services.ConfigureMarten(options => options.Listeners.Add(new NotifyStreamChanges()));
    }
}
