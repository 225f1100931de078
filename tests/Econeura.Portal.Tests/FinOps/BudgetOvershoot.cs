using Econeura.Portal.Tests.Approvals;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>The ways a request reaches an agent, each of which must count against the budget.</summary>
public enum LaunchPath
{
    /// <summary>The portal's launch form: a low-risk agent that runs at once.</summary>
    Portal,

    /// <summary><c>POST /api/v1/executions</c>.</summary>
    Api,

    /// <summary>The original clients' invoke gateway.</summary>
    Gateway,

    /// <summary>A medium-risk agent whose requests wait for an approver.</summary>
    HeldForApproval,
}

/// <param name="StartShare">How much of the limit the month has already spent when the burst starts.</param>
/// <param name="RoomInRuns">The room left, in runs of the dearest agent of the mix.</param>
/// <param name="ApproveHeld">Whether an approver approves every held request once the burst is in.</param>
/// <param name="SpendRoomBeforeApproval">Whether other work spends the whole room while the held requests wait.</param>
public sealed record OvershootScenario(
    string Name, decimal StartShare, decimal RoomInRuns, int Launches, BudgetAtLimit AtLimit, IReadOnlyList<LaunchPath> Mix, bool ApproveHeld,
    bool SpendRoomBeforeApproval = false);

/// <summary>What the burst left: the month's spend against the limit once every run that could end has ended.</summary>
/// <param name="Unexpected">Answers that were neither an acceptance nor the budget's refusal.</param>
public sealed record OvershootOutcome(decimal StartEur, decimal SpentEur, decimal LimitEur, int Accepted, int Refused, int Held, IReadOnlyList<HttpStatusCode> Unexpected)
{
    public decimal ShareOfLimit => SpentEur / LimitEur;

    public decimal RoomUsed => (SpentEur - StartEur) / (LimitEur - StartEur);
}

/// <summary>
/// The probe of issue 20, reproducible: a company budget already partly spent, a burst of launches at once on two
/// portal nodes down every path, then (optionally) every held request approved; the month's spend is read once nothing
/// is under way. Used by the tests (spend never passes the limit) and by <c>bench/budget-overshoot.sh</c> (the figures).
/// </summary>
public sealed class BudgetOvershoot(PortalFactory nodeA, PortalFactory nodeB)
{
    private const string QuietDepartment = "cdo";
    private static readonly PortalUser Diego = PortalFixture.User("diego");
    private static readonly PortalUser Bruno = PortalFixture.User("bruno");
    private static readonly string[] Requesters = ["ana", "carmen", "olga"];

    private static readonly IReadOnlyDictionary<LaunchPath, string> AgentOf = new Dictionary<LaunchPath, string>
    {
        [LaunchPath.Portal] = "neura-11", [LaunchPath.Api] = "neura-11", [LaunchPath.Gateway] = "neura-10", [LaunchPath.HeldForApproval] = "neura-8",
    };

    private const string Input = "Resume el estado de los pedidos de esta semana";

    /// <summary>Signed in before the burst: one client per node and requester.</summary>
    private readonly Dictionary<(PortalFactory, string), HttpClient> _clients = [];

    public async Task<OvershootOutcome> RunAsync(OvershootScenario scenario)
    {
        var tenantId = Diego.TenantId;
        var dearest = await DearestEstimateAsync(scenario.Mix);
        var limit = Math.Round(dearest * scenario.RoomInRuns / (1 - scenario.StartShare), 6);
        var start = limit * scenario.StartShare;
        await SetBudgetAsync(BudgetRule.TenantScope, limit, scenario.AtLimit);
        // The month's earlier spend sits in a department of its own, whose budget never stands in the way.
        await SetBudgetAsync(QuietDepartment, BudgetRule.MaxLimitEur, BudgetAtLimit.Block);
        await RecordEarlierSpendAsync(start);

        foreach (var node in new[] { nodeA, nodeB })
        foreach (var persona in Requesters)
            _clients[(node, persona)] = await node.ClientForAsync(persona);
        var launches = await Task.WhenAll(Enumerable.Range(0, scenario.Launches).Select(i =>
            LaunchAsync(i % 2 == 0 ? nodeA : nodeB, scenario.Mix[i % scenario.Mix.Count], Requesters[i % Requesters.Length])));

        var store = nodeA.Services.GetRequiredService<IDocumentStore>();
        var held = await HeldAsync(store, tenantId);
        if (scenario.SpendRoomBeforeApproval) await RecordEarlierSpendAsync(limit - start);
        if (scenario.ApproveHeld)
        {
            var queries = nodeA.Services.GetRequiredService<ApprovalQueries>();
            await Task.WhenAll(held.Select(async (executionId, i) =>
            {
                var approval = (await queries.CurrentRequestAsync(tenantId, executionId))!;
                await (i % 2 == 0 ? nodeA : nodeB).Services.GetRequiredService<ApprovalDesk>()
                    .DecideAsync(Bruno, approval.Id, ApprovalVerdict.Approve, null, approval.Version, approval.PayloadHash);
            }));
        }
        await Eventually.Until(async () =>
        {
            await using var session = store.QuerySession(tenantId);
            return await session.Query<ExecutionView>().CountAsync(v =>
                v.Status == ExecutionStatus.Requested || v.Status == ExecutionStatus.Dispatched ||
                (scenario.ApproveHeld && v.Status == ExecutionStatus.AwaitingApproval));
        }, underWay => underWay == 0, "every run that can end to end", timeoutSeconds: 180);

        var position = await nodeA.Services.GetRequiredService<BudgetStandings>().ForAsync(tenantId, new BudgetedRun(QuietDepartment, "neura-2", Diego.UserId, Diego.DisplayName));
        var company = position.Budgets.Single(b => b.Scope == BudgetRule.TenantScope);
        return new OvershootOutcome(start, company.SpentEur, limit,
            launches.Count(l => l == HttpStatusCode.Created), launches.Count(l => l == HttpStatusCode.Forbidden), held.Count,
            launches.Where(l => l is not (HttpStatusCode.Created or HttpStatusCode.Forbidden)).ToList());
    }

    /// <summary>The largest estimate among the agents of the mix: the room is counted in runs of it.</summary>
    private async Task<decimal> DearestEstimateAsync(IEnumerable<LaunchPath> mix)
    {
        var catalog = nodeA.Services.GetRequiredService<AgentCatalog>();
        var screening = nodeA.Services.GetRequiredService<LaunchScreening>();
        var estimates = new List<decimal>();
        foreach (var agentId in mix.Select(path => AgentOf[path]).Distinct())
        {
            var agent = (await catalog.FindAsync(Diego.TenantId, agentId))!;
            estimates.Add((await screening.ScreenAsync(Diego, agent, Input)).EstimatedCostEur);
        }
        return estimates.Max();
    }

    /// <summary>Launches one request and answers as the API would: 201 accepted (run or held), 403 refused by the budget.</summary>
    private async Task<HttpStatusCode> LaunchAsync(PortalFactory node, LaunchPath path, string persona)
    {
        switch (path)
        {
            case LaunchPath.Portal or LaunchPath.HeldForApproval:
                var result = await node.Services.GetRequiredService<ExecutionLauncher>().LaunchAsync(PortalFixture.User(persona), AgentOf[path], Input);
                return result switch
                {
                    LaunchResult.Launched => HttpStatusCode.Created,
                    LaunchResult.Rejected { Errors: [LaunchError.BudgetExhausted] } => HttpStatusCode.Forbidden,
                    LaunchResult.Backlogged => HttpStatusCode.TooManyRequests,
                    _ => HttpStatusCode.BadRequest,
                };
            case LaunchPath.Api:
                using (var response = await _clients[(node, persona)].PostAsJsonAsync("/api/v1/executions", new { agentId = AgentOf[path], input = Input }))
                    return response.StatusCode;
            default:
                using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/invoke/{AgentOf[path]}")
                       {
                           Content = new StringContent(JsonSerializer.Serialize(new { input = Input }), Encoding.UTF8, "application/json"),
                           Headers = { { "X-Route", "make" }, { "X-Correlation-Id", $"burst-{Guid.NewGuid():N}" } },
                       })
                using (var response = await _clients[(node, persona)].SendAsync(request))
                    // 200: accepted, and already settled by the time the gateway answered.
                    return response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK ? HttpStatusCode.Created : response.StatusCode;
        }
    }

    private static async Task<IReadOnlyList<Guid>> HeldAsync(IDocumentStore store, string tenantId)
    {
        await using var session = store.QuerySession(tenantId);
        return await session.Query<ExecutionView>().Where(v => v.Status == ExecutionStatus.AwaitingApproval).Select(v => v.Id).ToListAsync();
    }

    private Task SetBudgetAsync(string scope, decimal limit, BudgetAtLimit atLimit) => TestBudgets.SetAsync(nodeA.Services, Diego, scope, limit, atLimit);

    /// <summary>Spend of other work in the quiet department, as a finished execution of its own.</summary>
    private async Task RecordEarlierSpendAsync(decimal amount)
    {
        var today = await nodeA.Services.GetRequiredService<FinOpsSettingsStore>().TodayAsync(Diego.TenantId);
        var earlier = Guid.CreateVersion7();
        await using var session = nodeA.Services.GetRequiredService<IDocumentStore>().LightweightSession(Diego.TenantId);
        var at = DateTimeOffset.UtcNow;
        session.Events.StartStream(earlier,
            new ExecutionRequested(earlier, Diego.TenantId, "neura-2", "NEURA-2", QuietDepartment, Diego.UserId, Diego.DisplayName, "Informe del mes", [], $"corr-{earlier:N}", at),
            new CostRecorded(earlier, 1, "neura-2", QuietDepartment, Diego.UserId, Diego.DisplayName, "gpt-4o", 0, 0, amount, new DateOnly(2025, 1, 1), today, at),
            new ExecutionCompleted(earlier, amount, at));
        await session.SaveChangesAsync();
    }
}
