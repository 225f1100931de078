namespace Econeura.Portal.Tests.FinOps;

/// <summary>
/// The hard stop under a burst: two portal nodes on one database, launches at once down every path, held requests
/// approved after; the month's spend ends within the company budget (the simulator's cost equals its estimate, so the
/// bound on overshoot is zero: see docs/finops.md).
/// </summary>
public sealed class BudgetBurstTests() : TwoPortalNodes(new Dictionary<string, string?> { ["Agents:Simulator:LatencyMs"] = "300", ["Dispatch:PerTenantInFlight"] = "0" })
{
    [Fact]
    public async Task Two_hundred_launches_at_once_on_two_nodes_from_ninety_percent_end_within_the_limit_whatever_the_path()
    {
        var outcome = await new BudgetOvershoot(NodeA, NodeB).RunAsync(new OvershootScenario("mixed", StartShare: 0.9m, RoomInRuns: 20, Launches: 200,
            BudgetAtLimit.Block, [LaunchPath.Portal, LaunchPath.Api, LaunchPath.Gateway, LaunchPath.HeldForApproval], ApproveHeld: true));

        Assert.Empty(outcome.Unexpected);
        Assert.True(outcome.SpentEur <= outcome.LimitEur, $"Spent {outcome.SpentEur} of {outcome.LimitEur} EUR.");
        // A stop, not a wall: the room there was got used, by every kind of launch.
        Assert.True(outcome.RoomUsed > 0.8m, $"Only {outcome.RoomUsed:P0} of the room was used.");
        Assert.InRange(outcome.Accepted, 17, 40);
        Assert.Equal(200, outcome.Accepted + outcome.Refused);
    }
}
