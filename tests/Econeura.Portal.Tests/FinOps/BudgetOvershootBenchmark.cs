using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>
/// Measures, not asserts (run by bench/budget-overshoot.sh): issue 20's overshoot table, one fresh database and two
/// portal nodes per row, 1 s agent calls; then what the reservation costs a launch's commit, beside the same commit
/// without it, measured in the same run.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class BudgetOvershootBenchmark(ITestOutputHelper output)
{
    private static readonly LaunchPath[] Everything = [LaunchPath.Portal, LaunchPath.Api, LaunchPath.Gateway, LaunchPath.HeldForApproval];

    public static TheoryData<string> Rows => new(Scenarios.Select(s => s.Name));

    private static readonly OvershootScenario[] Scenarios =
    [
        new("200 launches at once, 3 users, 2 nodes, from 70 %", 0.7m, 30, 200, BudgetAtLimit.Block, [LaunchPath.Portal], ApproveHeld: false),
        new("same, from 99.5 %, portal and API", 0.995m, 3, 200, BudgetAtLimit.Block, [LaunchPath.Portal, LaunchPath.Api], ApproveHeld: false),
        new("same, RequireApproval at the limit (nobody approves)", 0.9m, 20, 200, BudgetAtLimit.RequireApproval, [LaunchPath.Portal, LaunchPath.Api], ApproveHeld: false),
        new("40 API launches at once, room for 4.4 runs", 0.5m, 4.4m, 40, BudgetAtLimit.Block, [LaunchPath.Api], ApproveHeld: false),
        new("30 gateway calls at once, room for 5 runs", 0.5m, 5, 30, BudgetAtLimit.Block, [LaunchPath.Gateway], ApproveHeld: false),
        new("41 held requests approved after the room was spent", 0.5m, 41, 41, BudgetAtLimit.Block, [LaunchPath.HeldForApproval], ApproveHeld: true,
            SpendRoomBeforeApproval: true),
        new("200 launches at once from 90 %, every path, held approved", 0.9m, 20, 200, BudgetAtLimit.Block, Everything, ApproveHeld: true),
    ];

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Overshoot(string row)
    {
        var scenario = Scenarios.Single(s => s.Name == row);
        await using var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?> { ["Agents:Simulator:LatencyMs"] = "1000", ["Dispatch:PerTenantInFlight"] = "0" };
        await using var nodeA = new PortalFactory(database.ConnectionString, settings: settings);
        nodeA.StartServer();
        await using var nodeB = new PortalFactory(database.ConnectionString, settings: settings);
        nodeB.StartServer();

        var outcome = await new BudgetOvershoot(nodeA, nodeB).RunAsync(scenario);

        output.WriteLine($"overshoot | {scenario.Name} | ended at {outcome.ShareOfLimit:P1} of the limit | " +
                         $"accepted {outcome.Accepted}, refused {outcome.Refused}, held {outcome.Held}, other answers {outcome.Unexpected.Count} ({string.Join(", ", outcome.Unexpected.Select(code => (int)code))})");
    }

    /// <summary>
    /// The launch's commit (its request event) with and without the reservation (lock, sums, insert), 16 at a time on one
    /// tenant and one department: the worst case, every launch waiting on the same budget's lock.
    /// </summary>
    [Fact]
    public async Task Reservation_cost_on_the_launch_commit()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var node = new PortalFactory(database.ConnectionString);
        node.StartServer();
        var store = node.Services.GetRequiredService<IDocumentStore>();
        var ana = PortalFixture.User("ana");
        var today = await node.Services.GetRequiredService<FinOpsSettingsStore>().TodayAsync(ana.TenantId);
        BudgetClaim[] claims = [new(BudgetRule.TenantScope, BudgetRule.MaxLimitEur, true), new("support", BudgetRule.MaxLimitEur, true)];

        async Task<(double PerSecond, double P50, double P99)> CommitsAsync(bool reserve)
        {
            const int commits = 2000;
            var timings = new double[commits];
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, commits), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
            {
                var started = Stopwatch.GetTimestamp();
                var id = Guid.CreateVersion7();
                await using var session = store.LightweightSession(ana.TenantId);
                session.Events.StartStream(id, new ExecutionRequested(id, ana.TenantId, "neura-11", "NEURA-11", "support", ana.UserId, ana.DisplayName,
                    "Responde al cliente", [], $"corr-{id:N}", DateTimeOffset.UtcNow, EstimatedCostEur: 0.0003m));
                if (reserve) BudgetReservations.Reserve(session, ana.TenantId, id, today, 0.0003m, claims);
                await BudgetReservations.SaveAsync(session, token);
                timings[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            });
            var elapsed = clock.Elapsed.TotalSeconds;
            Array.Sort(timings);
            return (commits / elapsed, Measure.Percentile(timings, 0.5), Measure.Percentile(timings, 0.99));
        }

        await CommitsAsync(reserve: false); // warm-up of both statements' plans and the pool
        await CommitsAsync(reserve: true);
        var without = await CommitsAsync(reserve: false);
        var with = await CommitsAsync(reserve: true);
        var check = await BudgetCheckAsync(database.ConnectionString, ana.TenantId, today);

        output.WriteLine($"reservation | launch commits/s without {without.PerSecond:F0}, with {with.PerSecond:F0} (ratio {with.PerSecond / without.PerSecond:F2}); " +
                         $"commit p50/p99 without {without.P50:F1}/{without.P99:F1} ms, with {with.P50:F1}/{with.P99:F1} ms");
        output.WriteLine($"reservation | budget check alone (lock, spend and reservation sums of two budgets), one caller: p50 {check.P50:F2} ms, p99 {check.P99:F2} ms");
    }

    /// <summary>The check's statement on its own (one round trip), in a transaction that is rolled back so nothing stays reserved.</summary>
    private static async Task<(double P50, double P99)> BudgetCheckAsync(string connectionString, string tenantId, DateOnly today)
    {
        await using var data = NpgsqlDataSource.Create(connectionString);
        var month = BudgetCalendar.MonthOf(today);
        var (first, last) = BudgetCalendar.DaysOf(month);
        var timings = new List<double>();
        for (var i = 0; i < 1100; i++)
        {
            await using var connection = await data.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand("select * from econeura.budget_room(@t, @m, @f, @l, @s, @lim, @e, @a)", connection, transaction);
            command.Parameters.AddWithValue("t", tenantId);
            command.Parameters.AddWithValue("m", month);
            command.Parameters.AddWithValue("f", first);
            command.Parameters.AddWithValue("l", last);
            command.Parameters.AddWithValue("s", new[] { "support", BudgetRule.TenantScope });
            command.Parameters.AddWithValue("lim", new[] { BudgetRule.MaxLimitEur, BudgetRule.MaxLimitEur });
            command.Parameters.AddWithValue("e", new[] { true, true });
            command.Parameters.AddWithValue("a", 0.0003m);
            var started = Stopwatch.GetTimestamp();
            await using (var reader = await command.ExecuteReaderAsync()) while (await reader.ReadAsync()) { }
            var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await transaction.RollbackAsync();
            if (i >= 100) timings.Add(took);
        }
        timings.Sort();
        return (Measure.Percentile(timings, 0.5), Measure.Percentile(timings, 0.99));
    }
}
