namespace Econeura.Portal.Infrastructure.Settings;

public static class SettingsRegistration
{
    public static void AddVersionedSettings(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<VersionedSettings>();
        builder.Services.ConfigureMarten(options => options.Schema.For<SettingsChange>().Index(c => c.Key));
    }

    /// <summary>Registers one settings document type: Marten keeps its numeric revision for the stale-save check.</summary>
    public static void AddSettingsDocument<T>(this IServiceCollection services) where T : ISettingsDocument =>
        services.ConfigureMarten(options => options.Schema.For<T>().UseNumericRevisions(true));
}
