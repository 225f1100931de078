using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Approvals;

public sealed class DeadlineAcrossRestartTests : IAsyncLifetime
{
    private TestDatabase _database = default!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_deadline_that_passed_while_no_server_ran_is_handled_when_one_starts()
    {
        var ana = PortalFixture.User("ana");
        var diego = PortalFixture.User("diego");
        Guid executionId;
        var quick = RiskPolicy.Default with { Medium = new RiskLevelPolicy(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)) };
        await using (var first = new PortalFactory(_database.ConnectionString))
        {
            var policies = first.Services.GetRequiredService<RiskPolicies>();
            Assert.True(await policies.SaveAsync(ana.TenantId, new RiskPolicySettings { Policy = quick }, diego));
            var launched = await first.Services.GetRequiredService<ExecutionLauncher>().LaunchAsync(ana, "neura-8", "Revisa esta cláusula");
            executionId = Assert.IsType<LaunchResult.Launched>(launched).ExecutionId;
        }

        // No portal runs while both deadlines pass.
        await Task.Delay(TimeSpan.FromSeconds(4));
        await using var second = new PortalFactory(_database.ConnectionString);
        second.StartServer();

        var expired = await Eventually.Until(async () =>
        {
            await using var session = second.Services.GetRequiredService<IDocumentStore>().QuerySession(ana.TenantId);
            return await session.LoadAsync<ExecutionView>(executionId);
        }, view => view?.Status == ExecutionStatus.Expired, "the request to expire after the restart");
        Assert.Contains(expired!.Timeline, t => t.Kind == TimelineEntryKind.Expired);
    }
}
