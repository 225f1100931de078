using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Executions;

/// <summary>The demo's six weeks of history are the same at every first start on the same clock: a demo can be told in advance.</summary>
public sealed class DemoHistorySeederTests
{
    [Fact]
    public async Task Two_first_starts_on_fresh_databases_with_the_same_clock_write_the_same_history()
    {
        var now = DateTimeOffset.UtcNow;

        var first = await HistoryOfAFirstStartAsync(now);
        var second = await HistoryOfAFirstStartAsync(now);

        Assert.NotEmpty(first);
        Assert.Contains(first, run => run.Status == ExecutionStatus.Failed);
        // The history's answers are the simulator's, each in its request's language.
        Assert.Contains(first, run => run.Output?.Contains("(simulador) · ", StringComparison.Ordinal) == true);
        Assert.Contains(first, run => run.Output?.Contains("(simulator) · ", StringComparison.Ordinal) == true);
        Assert.Equal(first, second);
    }

    /// <summary>Each demo tenant's executions from before the start (its history), as a user lists them: id, status, cost and answer.</summary>
    private static async Task<List<(string Tenant, Guid Id, ExecutionStatus Status, decimal? CostEur, string? Output)>> HistoryOfAFirstStartAsync(
        DateTimeOffset now)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var portal = new DemoPortal(database.ConnectionString, now);
        portal.StartServer();
        var history = new List<(string, Guid, ExecutionStatus, decimal?, string?)>();
        foreach (var tenant in DevelopmentPersonas.All.Select(p => p.Tenant.Id).Distinct())
        {
            await using var session = portal.Services.GetRequiredService<IDocumentStore>().QuerySession(tenant);
            var views = await session.Query<ExecutionView>().Where(v => v.RequestedAt < now).OrderBy(v => v.RequestedAt).ThenBy(v => v.Id).ToListAsync();
            history.AddRange(views.Select(v => (tenant, v.Id, v.Status, v.CostEur, v.Output)));
        }
        return history;
    }

    private sealed class DemoPortal(string connectionString, DateTimeOffset now)
        : PortalFactory(connectionString, settings: new Dictionary<string, string?> { ["Econeura:SeedDemoHistory"] = "true" })
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new StoppedClock(now)));
        }
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
