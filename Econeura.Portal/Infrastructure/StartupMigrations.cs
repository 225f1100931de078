namespace Econeura.Portal.Infrastructure;

/// <summary>A change to stored data made once, at the start of the first node that has it, and recorded as done.</summary>
public interface IStartupMigration
{
    /// <summary>The name it is recorded under: never reused for another migration.</summary>
    string Name { get; }

    /// <summary>Adds the migration's writes to <paramref name="session"/> (a tenant's documents through <c>ForTenant</c>).</summary>
    Task StageAsync(IDocumentSession session, CancellationToken cancellationToken);
}

/// <summary>That a startup migration ran. The platform's, not any tenant's.</summary>
public sealed class StartupMigrationRecord
{
    public string Id { get; set; } = "";
    public DateTimeOffset RanAt { get; set; }
}

/// <summary>
/// Runs each migration not yet recorded, in the same commit as its record. Two nodes starting at once may both stage
/// one: the record is inserted, not upserted, so the later commit is refused whole and what it staged is dropped.
/// </summary>
public sealed class StartupMigrations(IDocumentStore store, IEnumerable<IStartupMigration> migrations, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var migration in migrations)
        {
            await using var session = store.LightweightSession();
            if (await session.LoadAsync<StartupMigrationRecord>(migration.Name, cancellationToken) is not null) continue;
            await migration.StageAsync(session, cancellationToken);
            session.Insert(new StartupMigrationRecord { Id = migration.Name, RanAt = time.GetUtcNow() });
            await session.SaveSeedAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class StartupMigrationRegistration
{
    /// <summary>Adds a migration; they run in the order they are added, after the schema is brought up to date.</summary>
    public static IServiceCollection AddStartupMigration<T>(this IServiceCollection services) where T : class, IStartupMigration
    {
        if (!services.Any(s => s.ServiceType == typeof(IStartupMigration)))
        {
            services.ConfigureMarten(options => options.Schema.For<StartupMigrationRecord>().SingleTenanted());
            services.AddHostedService<StartupMigrations>();
        }
        services.AddSingleton<IStartupMigration, T>();
        return services;
    }
}
