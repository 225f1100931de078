namespace Econeura.Portal.Infrastructure.Settings;

public static class SettingsRegistration
{
    public static void AddVersionedSettings(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<VersionedSettings>();
        builder.Services.AddSingleton<SettingsCache>();
        builder.Services.AddSingleton<IConfigureMarten, NotifySettingsChanges.Wiring>();
        builder.Services.ConfigureMarten(options => options.Schema.For<SettingsChange>().Index(c => c.Key));
    }

    /// <summary>
    /// Registers one settings document type: Marten keeps its numeric revision for the stale-save check, and
    /// <see cref="SettingsCache"/> keeps it between changes.
    /// </summary>
    public static IServiceCollection AddSettingsDocument<T>(this IServiceCollection services) where T : ISettingsDocument
    {
        services.ConfigureMarten(options => options.Schema.For<T>().UseNumericRevisions(true));
        return services.AddCachedSettings<T>();
    }

    /// <summary>Lets <see cref="SettingsCache"/> keep documents of this type: every write of one is announced to every process.</summary>
    public static IServiceCollection AddCachedSettings<T>(this IServiceCollection services) =>
        services.AddSingleton(new SettingsCache.CachedType(typeof(T)));
}
