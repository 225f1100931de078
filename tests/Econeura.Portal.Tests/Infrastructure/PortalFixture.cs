using Econeura.Portal.Features.Identity;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Infrastructure;

/// <summary>A fresh database and one portal node on it, shared by the tests of one class.</summary>
public class PortalFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = default!;
    public PortalFactory Portal { get; private set; } = default!;

    public IServiceProvider Services => Portal.Services;
    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected virtual PortalFactory CreatePortal(string connectionString) => new(connectionString, settings: Settings);

    public static PortalUser User(string persona) =>
        PortalUser.From(DevelopmentPersonas.Find(persona)!.Principal("test"))!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Portal = CreatePortal(Database.ConnectionString);
        _ = Portal.Server; // start the host: schema, Hangfire server, change listener
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Database.DisposeAsync();
    }
}
