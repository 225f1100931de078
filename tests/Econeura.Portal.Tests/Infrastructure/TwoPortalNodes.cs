namespace Econeura.Portal.Tests.Infrastructure;

/// <summary>
/// Two portal nodes on one fresh database, as two processes of one deployment: what holds across nodes (locks,
/// notifications, budgets) is tested with one of these per test, so no test inherits another's state.
/// </summary>
public abstract class TwoPortalNodes(IReadOnlyDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = default!;
    protected PortalFactory NodeA { get; private set; } = default!;
    protected PortalFactory NodeB { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        NodeA = new PortalFactory(Database.ConnectionString, settings: settings);
        NodeA.StartServer();
        NodeB = new PortalFactory(Database.ConnectionString, settings: settings);
        NodeB.StartServer();
    }

    public async Task DisposeAsync()
    {
        await NodeB.DisposeAsync();
        await NodeA.DisposeAsync();
        await Database.DisposeAsync();
    }
}
