using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Approvals;

/// <summary>
/// Out of office on a real database: Diego (an approver) is away and Bruno covers for him. Bruno's decisions say so,
/// four-eyes and one vote per person hold across "for", and a delegation that is over routes nothing.
/// </summary>
public sealed class DelegationTests(PortalFixture fixture) : IClassFixture<PortalFixture>, IAsyncLifetime
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");
    private static readonly PortalUser Bruno = PortalFixture.User("bruno");
    private static readonly PortalUser Diego = PortalFixture.User("diego");
    private static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");

    // Rated high in the seed: two approvers. The legal lead is rated medium: one.
    private const string HighRiskAgent = "ciso-access-recertification";
    private const string MediumRiskAgent = "neura-8";

    public async Task InitializeAsync()
    {
        // The directory knows whom it has seen sign in: both approvers have.
        foreach (var person in new[] { Ana, Bruno, Diego }) await fixture.Service<People>().NoteAsync(person, CultureInfo.GetCultureInfo("es-ES"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Madrid).DateTime);

    private async Task<Delegation> DelegateAsync(DelegationBook book, PortalUser from, PortalUser to, DateOnly first, DateOnly last) =>
        Assert.IsType<DelegationOutcome.Made>(await book.MakeAsync(from, to.UserId, first, last, Madrid)).Delegation;

    private async Task<ApprovalView> RequestAsync(PortalUser user, string agentId, string input)
    {
        var launched = Assert.IsType<LaunchResult.Launched>(await fixture.Service<ExecutionLauncher>().LaunchAsync(user, agentId, input));
        return Assert.IsType<ApprovalView>(await fixture.Service<ApprovalQueries>().CurrentRequestAsync(user.TenantId, launched.ExecutionId));
    }

    private Task<DecisionOutcome> DecideAsync(PortalUser approver, ApprovalView seen, ApprovalVerdict verdict, string? reason = null) =>
        fixture.Service<ApprovalDesk>().DecideAsync(approver, seen.Id, verdict, reason, seen.Version, seen.PayloadHash);

    private async Task EndAllAsync()
    {
        var book = fixture.Service<DelegationBook>();
        foreach (var delegation in await book.AllAsync(Diego.TenantId)) await book.EndAsync(Diego, delegation.Id);
    }

    [Fact]
    public async Task A_delegate_decides_for_the_approver_away_and_the_timeline_says_by_whom_for_whom()
    {
        await EndAllAsync();
        await DelegateAsync(fixture.Service<DelegationBook>(), Diego, Bruno, Today, Today.AddDays(3));
        var request = await RequestAsync(Ana, MediumRiskAgent, "Revisa el contrato de alquiler de la oficina de Sevilla");

        var decided = Assert.IsType<DecisionOutcome.Decided>(await DecideAsync(Bruno, request, ApprovalVerdict.Approve));

        var vote = Assert.Single(decided.Approval.Approvals);
        Assert.Equal((Bruno.UserId, "Bruno Martín", "Diego Fernández"), (vote.ApproverId, vote.ApproverName, vote.ForName));
        var step = Assert.Single(decided.Approval.Timeline, e => e.Kind == TimelineEntryKind.ApprovalGranted);
        Assert.Equal(("Bruno Martín", "Diego Fernández"), (step.Actor, step.For));
        Assert.Equal(ApprovalStatus.Approved, decided.Approval.Status);
    }

    [Fact]
    public async Task One_person_one_vote_across_for_and_nobody_approves_their_own_request_through_a_delegation()
    {
        await EndAllAsync();
        await DelegateAsync(fixture.Service<DelegationBook>(), Diego, Bruno, Today, Today.AddDays(3));
        var request = await RequestAsync(Ana, HighRiskAgent, "Recertifica los accesos de compras");

        var first = Assert.IsType<DecisionOutcome.Decided>(await DecideAsync(Bruno, request, ApprovalVerdict.Approve));
        var again = await DecideAsync(Bruno, first.Approval, ApprovalVerdict.Approve);
        var diegoBack = await DecideAsync(Diego, first.Approval, ApprovalVerdict.Approve);

        Assert.Equal(ApprovalRefusal.AlreadyApprovedByYou, Assert.IsType<DecisionOutcome.Refused>(again).Why);
        Assert.Equal(ApprovalRefusal.AlreadyApprovedByYou, Assert.IsType<DecisionOutcome.Refused>(diegoBack).Why);
        Assert.Equal((1, ApprovalStatus.Pending), (first.Approval.ApprovalCount, first.Approval.Status));

        var own = await RequestAsync(Bruno, MediumRiskAgent, "Consulta sobre la cláusula de confidencialidad");
        Assert.Equal(ApprovalRefusal.OwnRequest, Assert.IsType<DecisionOutcome.Refused>(await DecideAsync(Bruno, own, ApprovalVerdict.Approve)).Why);
    }

    [Fact]
    public async Task A_delegation_that_is_over_no_longer_routes_nor_records_for()
    {
        await EndAllAsync();
        // Made two weeks ago for three days: over now.
        var past = ActivatorUtilities.CreateInstance<DelegationBook>(fixture.Services, (TimeProvider)new ShiftedTime(TimeSpan.FromDays(-14)));
        var over = await DelegateAsync(past, Diego, Bruno, Today.AddDays(-14), Today.AddDays(-12));
        var request = await RequestAsync(Ana, MediumRiskAgent, "Revisa la renovación del seguro");

        var all = await fixture.Service<DelegationBook>().AllAsync(Diego.TenantId);
        Assert.Equal(Diego.UserId, Delegations.RoutedTo(Diego.UserId, all, DateTimeOffset.UtcNow));
        Assert.Equal(Bruno.UserId, Delegations.RoutedTo(Diego.UserId, all, over.Starts.AddHours(1)));
        Assert.Empty(await fixture.Service<DelegationBook>().ActingForAsync(Bruno));
        var decided = Assert.IsType<DecisionOutcome.Decided>(await DecideAsync(Bruno, request, ApprovalVerdict.Approve));
        Assert.Null(Assert.Single(decided.Approval.Approvals).ForName);
        Assert.Contains(all, d => d.Id == over.Id);
    }

    [Fact]
    public async Task Delegating_to_someone_who_is_not_an_approver_to_oneself_or_back_and_forth_is_refused_and_an_admin_ends_any()
    {
        await EndAllAsync();
        var book = fixture.Service<DelegationBook>();

        var toRequester = Assert.IsType<DelegationOutcome.Refused>(await book.MakeAsync(Diego, Ana.UserId, Today, Today.AddDays(1), Madrid));
        var toSelf = Assert.IsType<DelegationOutcome.Refused>(await book.MakeAsync(Diego, Diego.UserId, Today, Today.AddDays(1), Madrid));
        var backwards = Assert.IsType<DelegationOutcome.Refused>(await book.MakeAsync(Diego, Bruno.UserId, Today.AddDays(2), Today, Madrid));
        var made = await DelegateAsync(book, Bruno, Diego, Today, Today.AddDays(5));
        var loop = Assert.IsType<DelegationOutcome.Refused>(await book.MakeAsync(Diego, Bruno.UserId, Today.AddDays(1), Today.AddDays(2), Madrid));

        Assert.Equal([DelegationProblem.DelegateIsNotAnApprover], toRequester.Problems);
        Assert.Contains(DelegationProblem.ToOneself, toSelf.Problems);
        Assert.Equal([DelegationProblem.EndsBeforeStart], backwards.Problems);
        Assert.Equal([DelegationProblem.WouldChain], loop.Problems);
        Assert.False(await book.EndAsync(Ana, made.Id));
        Assert.True(await book.EndAsync(Diego, made.Id));
        Assert.Empty(await book.ActingForAsync(Diego));
    }
}
