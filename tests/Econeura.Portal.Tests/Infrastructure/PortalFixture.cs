using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Infrastructure;

/// <summary>A fresh database and one portal node on it, shared by the tests of one class.</summary>
public class PortalFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = default!;
    public PortalFactory Portal { get; private set; } = default!;

    public IServiceProvider Services => Portal.Services;
    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected virtual PortalFactory CreatePortal(string connectionString) => new(connectionString, settings: Settings);

    /// <summary>
    /// Saves a requested execution without queueing its dispatch job, as if the process had stopped right after the
    /// commit: the test then plays the job (or its loss) itself.
    /// </summary>
    public async Task<Guid> RequestWithoutJobAsync(PortalUser user, string agentId, string department, DateTimeOffset? requestedAt = null, string input = "Entrada de prueba")
    {
        var id = Guid.CreateVersion7();
        await using var session = Store.LightweightSession(user.TenantId);
        session.Events.StartStream(id, new ExecutionRequested(id, user.TenantId, agentId, agentId.ToUpperInvariant(), department,
            user.UserId, user.DisplayName, input, [], $"corr-{id:N}", requestedAt ?? DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
        return id;
    }

    public static PortalUser User(string persona) =>
        PortalUser.From(DevelopmentPersonas.Find(persona)!.Principal("test"))!;

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Portal = CreatePortal(Database.ConnectionString);
        Portal.StartServer(); // start the host: schema, Hangfire server, change listener
    }

    public virtual async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Database.DisposeAsync();
    }
}
