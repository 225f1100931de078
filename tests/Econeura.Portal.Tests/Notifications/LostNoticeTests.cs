using Econeura.Portal.Tests.Approvals;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Notifications;

/// <summary>
/// The notice of a committed request survives a process that stops between the commit and handing the planning to
/// Hangfire: the commit itself recorded what it owes, and the minute's sweep plans it.
/// </summary>
public sealed class LostNoticeTests(LostNoticeTests.StopsAfterCommitFixture fixture) : IClassFixture<LostNoticeTests.StopsAfterCommitFixture>
{
    private static readonly PortalUser Ana = PortalFixture.User("ana");

    [Fact]
    public async Task A_request_whose_planning_never_reached_Hangfire_still_mails_its_approvers_once_the_sweep_runs()
    {
        fixture.Jobs.LosePlanning = true;
        var request = await fixture.RequestApprovalAsync(Ana, "Revisa el contrato de arrendamiento del almacén.");
        fixture.Jobs.LosePlanning = false;
        // The commit is done and its after-commit hand-off was lost, as when the process stops right there.
        Assert.Equal(1, fixture.Jobs.Lost);
        Assert.Empty(await fixture.DeliveriesAsync(Ana.TenantId, request.Id));
        Assert.Single(await OwedAsync(request.Id));

        // Another node's (or the restarted node's) minute sweep, a little later.
        var sweep = ActivatorUtilities.CreateInstance<RemindApproversJob>(fixture.Services,
            (TimeProvider)new ShiftedTime(RemindApproversJob.Unplanned + TimeSpan.FromMinutes(1)));
        await sweep.SweepAsync(CancellationToken.None);

        var deliveries = await fixture.SettledAsync(Ana.TenantId, request.Id, atLeast: 2);
        Assert.All(deliveries, d => Assert.Equal((NotificationKind.NewRequest, DeliveryStatus.Sent), (d.Kind, d.Status)));
        Assert.Equal([NotificationFixture.Address("bruno"), NotificationFixture.Address("diego")],
            fixture.Mail.Received.Where(m => m.Text.Contains(request.Id.ToString())).Select(m => m.To).Order());
        await Eventually.Until(() => OwedAsync(request.Id), owed => owed.Count == 0, "the owed notice to be settled");
    }

    [Fact]
    public async Task A_notice_planned_at_once_is_owed_no_longer()
    {
        var request = await fixture.RequestApprovalAsync(Ana, "Revisa el contrato de suministro eléctrico.");

        await fixture.SettledAsync(Ana.TenantId, request.Id, atLeast: 2);
        await Eventually.Until(() => OwedAsync(request.Id), owed => owed.Count == 0, "the owed notice to be settled");
    }

    private async Task<IReadOnlyList<OwedNotice>> OwedAsync(Guid approvalId)
    {
        await using var session = fixture.Store.QuerySession(Ana.TenantId);
        return await session.Query<OwedNotice>().Where(n => n.ApprovalId == approvalId).ToListAsync();
    }

    public sealed class StopsAfterCommitFixture : NotificationFixture
    {
        public LosingJobClient Jobs { get; } = new();

        protected override PortalFactory CreatePortal(string connectionString) => new Factory(connectionString, Settings, Jobs);

        private sealed class Factory(string connectionString, IReadOnlyDictionary<string, string?> settings, LosingJobClient jobs)
            : PortalFactory(connectionString, settings: settings)
        {
            protected override void ConfigureWebHost(IWebHostBuilder builder)
            {
                base.ConfigureWebHost(builder);
                builder.ConfigureTestServices(services =>
                {
                    var hangfire = services.Last(s => s.ServiceType == typeof(IBackgroundJobClient));
                    services.Remove(hangfire);
                    services.AddSingleton<IBackgroundJobClient>(provider =>
                    {
                        jobs.Inner = (IBackgroundJobClient)hangfire.ImplementationFactory!(provider);
                        return jobs;
                    });
                });
            }
        }
    }

    /// <summary>The portal's own Hangfire client, which loses the planning jobs it is given while told to: the process "stopped" there.</summary>
    public sealed class LosingJobClient : IBackgroundJobClient
    {
        private int _lost;
        private volatile bool _losePlanning;

        public IBackgroundJobClient Inner { get; set; } = default!;

        public bool LosePlanning
        {
            get => _losePlanning;
            set => _losePlanning = value;
        }

        public int Lost => Volatile.Read(ref _lost);

        public string Create(Job job, IState state)
        {
            if (!LosePlanning || job.Type != typeof(PlanNotificationsJob)) return Inner.Create(job, state);
            Interlocked.Increment(ref _lost);
            return "lost";
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => Inner.ChangeState(jobId, state, expectedState);
    }
}
