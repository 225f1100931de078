using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
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
        Guid executionId;
        await using (var first = new PortalFactory(_database.ConnectionString))
        {
            var launched = await first.Services.GetRequiredService<ExecutionLauncher>().LaunchAsync(ana, "neura-8", "Revisa esta cláusula");
            executionId = Assert.IsType<LaunchResult.Launched>(launched).ExecutionId;
        }

        // No portal runs while both deadlines pass: the next one starts a day and a minute later by its clock.
        await using var second = new LaterPortal(_database.ConnectionString, RiskPolicy.Default.Medium.ExpireAfter + TimeSpan.FromMinutes(1));
        second.StartServer();

        var expired = await Eventually.Until(async () =>
        {
            await using var session = second.Services.GetRequiredService<IDocumentStore>().QuerySession(ana.TenantId);
            return await session.LoadAsync<ExecutionView>(executionId);
        }, view => view?.Status == ExecutionStatus.Expired, "the request to expire after the restart");
        Assert.Contains(expired!.Timeline, t => t.Kind == TimelineEntryKind.Expired);
    }

    private sealed class LaterPortal(string connectionString, TimeSpan later) : PortalFactory(connectionString)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new ShiftedTime(later)));
        }
    }
}
