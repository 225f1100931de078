namespace Econeura.E2E;

/// <summary>
/// One portal with the demo history (six weeks of completed and failed executions, requests waiting for approvers), and
/// an agent slow enough that an execution launched by a test is still running while its page is looked at. Shared by
/// the test classes that look at pages rather than change them.
/// </summary>
public sealed class DemoPortal : PortalCluster
{
    public const string Collection = "Demo portal";

    protected override bool SingleNode => true;

    protected override int SimulatorLatencyMs => 180_000;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Econeura__SeedDemoHistory"] = "true" };
}

[CollectionDefinition(DemoPortal.Collection)]
public sealed class DemoPortalCollection : ICollectionFixture<DemoPortal>;
