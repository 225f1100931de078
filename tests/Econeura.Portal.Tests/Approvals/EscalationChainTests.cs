using Microsoft.Extensions.Logging.Abstractions;

namespace Econeura.Portal.Tests.Approvals;

/// <summary>
/// A risk policy whose medium level routes to approvers → finance → admins, and hands expired requests back: on a real
/// database, under a shifted clock, stage by stage; nothing is ever approved by the clock.
/// </summary>
public sealed class EscalationChainTests(PortalFixture fixture) : IClassFixture<PortalFixture>, IAsyncLifetime
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly PortalUser Carmen = PortalFixture.User("carmen");
    private static readonly PortalUser Diego = PortalFixture.User("diego");
    private static readonly PortalUser AdminOnly = Diego with { UserId = "dev-admin-only", Roles = new HashSet<string> { AppRoles.User, AppRoles.Admin } };

    private static readonly RiskLevelPolicy Chained = RiskPolicy.Default.Medium with
    {
        Chain =
        [
            new(ApproverGroup.Approvers, TimeSpan.FromHours(2)),
            new(ApproverGroup.Finance, TimeSpan.FromHours(2)),
            new(ApproverGroup.Admins, TimeSpan.FromHours(4)),
        ],
        OnExpiry = ExpiryAction.ReturnToRequester,
    };

    public async Task InitializeAsync()
    {
        var policies = fixture.Service<RiskPolicies>();
        var current = await policies.GetAsync(Diego.TenantId);
        current.Policy = current.Policy with { Medium = Chained };
        Assert.True(await policies.SaveAsync(Diego.TenantId, current, Diego));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<ApprovalView> RequestAsync(string input)
    {
        var launched = Assert.IsType<LaunchResult.Launched>(await fixture.Service<ExecutionLauncher>().LaunchAsync(Ana, "neura-8", input));
        return Assert.IsType<ApprovalView>(await fixture.Service<ApprovalQueries>().CurrentRequestAsync(Ana.TenantId, launched.ExecutionId));
    }

    private async Task<ApprovalView> CheckAtAsync(ApprovalView approval, double hours)
    {
        var job = new ApprovalDeadlinesJob(fixture.Store, fixture.Service<IApprovalSettlement>(), new ShiftedTime(TimeSpan.FromHours(hours)),
            NullLogger<ApprovalDeadlinesJob>.Instance);
        await job.CheckAsync(Ana.TenantId, approval.Id, CancellationToken.None);
        return Assert.IsType<ApprovalView>(await fixture.Service<ApprovalQueries>().LoadAsync(Ana.TenantId, approval.Id));
    }

    private Task<DecisionOutcome> DecideAsync(PortalUser approver, ApprovalView seen) =>
        fixture.Service<ApprovalDesk>().DecideAsync(approver, seen.Id, ApprovalVerdict.Approve, null, seen.Version, seen.PayloadHash);

    [Fact]
    public async Task A_request_escalates_stage_by_stage_and_each_group_may_decide_only_once_it_is_reached()
    {
        var request = await RequestAsync("Revisa el contrato marco con el proveedor de limpieza");
        Assert.Equal([ApproverGroup.Approvers, ApproverGroup.Finance, ApproverGroup.Admins], request.Chain.Select(s => s.Group));
        Assert.False(ApprovalQueries.CanDecide(Carmen, request));

        var early = await CheckAtAsync(request, 1.9);
        var atFinance = await CheckAtAsync(request, 2.1);
        var atAdmins = await CheckAtAsync(request, 4.1);

        Assert.Equal(0, early.Stage);
        Assert.Equal((1, false), (atFinance.Stage, ApprovalQueries.CanDecide(AdminOnly, atFinance)));
        Assert.True(ApprovalQueries.CanDecide(Carmen, atFinance));
        Assert.Equal(2, atAdmins.Stage);
        Assert.Equal(["Finance", "Admins"], atAdmins.Timeline.Where(e => e.Kind == TimelineEntryKind.ApprovalEscalated).Select(e => e.Detail));
        Assert.IsType<DecisionOutcome.Decided>(await DecideAsync(AdminOnly, atAdmins));
    }

    [Fact]
    public async Task Finance_decides_at_its_stage_and_not_before()
    {
        var request = await RequestAsync("Revisa la póliza de responsabilidad civil");

        var before = await DecideAsync(Carmen, request);
        var atFinance = await CheckAtAsync(request, 2.5);

        Assert.Equal(ApprovalRefusal.NotEscalatedYet, Assert.IsType<DecisionOutcome.Refused>(before).Why);
        var decided = Assert.IsType<DecisionOutcome.Decided>(await DecideAsync(Carmen, atFinance));
        Assert.Equal(ApprovalStatus.Approved, decided.Approval.Status);
    }

    [Fact]
    public async Task Expiry_returns_the_request_to_its_requester_and_never_approves_it()
    {
        var request = await RequestAsync("Revisa las condiciones del arrendamiento de vehículos");

        var returned = await CheckAtAsync(request, 8.5);
        await CheckAtAsync(request, 9);

        Assert.Equal(ApprovalStatus.Returned, returned.Status);
        Assert.Empty(returned.Approvals);
        await using var session = fixture.Store.QuerySession(Ana.TenantId);
        var execution = Assert.IsType<ExecutionView>(await session.LoadAsync<ExecutionView>(request.ExecutionId));
        Assert.Equal(ExecutionStatus.Expired, execution.Status);
        Assert.Single(execution.Timeline, e => e.Kind == TimelineEntryKind.ReturnedToRequester);
        var events = (await session.Events.FetchStreamAsync(request.ExecutionId)).Select(e => e.EventType).ToList();
        Assert.DoesNotContain(typeof(ExecutionApproved), events);
        Assert.DoesNotContain(typeof(ExecutionDispatched), events);
    }
}
