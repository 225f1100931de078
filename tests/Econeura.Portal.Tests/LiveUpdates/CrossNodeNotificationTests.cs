using Econeura.Portal.Infrastructure.LiveUpdates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.LiveUpdates;

/// <summary>Two portal processes on one database: what one commits, the other's subscribers hear, and only in the same tenant.</summary>
public sealed class CrossNodeNotificationTests : TwoPortalNodes
{
    [Fact]
    public async Task A_launch_on_one_node_reaches_subscribers_of_its_tenant_on_the_other_node_and_no_one_else()
    {
        var ana = PortalFixture.User("ana");
        var elena = PortalFixture.User("elena");
        var notifierB = NodeB.Services.GetRequiredService<StreamChangeNotifier>();
        var seenByContoso = new List<Guid>();
        var seenByFabrikam = new List<Guid>();
        var completedOnB = new TaskCompletionSource();
        using var contoso = notifierB.Subscribe(ana.TenantId, async changed =>
        {
            lock (seenByContoso) seenByContoso.AddRange(changed.Items);
            foreach (var id in changed.Items)
            {
                var view = await NodeB.Services.GetRequiredService<ExecutionQueries>().FindAsync(ana, id);
                if (view?.Status == Econeura.Domain.Executions.ExecutionStatus.Completed) completedOnB.TrySetResult();
            }
        });
        using var fabrikam = notifierB.Subscribe(elena.TenantId, changed =>
        {
            lock (seenByFabrikam) seenByFabrikam.AddRange(changed.Items);
            return Task.CompletedTask;
        });

        var result = await NodeA.Services.GetRequiredService<ExecutionLauncher>().LaunchAsync(ana, "neura-2", "Linaje de la tabla de ventas");

        await completedOnB.Task.WaitAsync(TimeSpan.FromSeconds(30));
        lock (seenByContoso) Assert.Contains(Assert.IsType<LaunchResult.Launched>(result).ExecutionId, seenByContoso);
        lock (seenByFabrikam) Assert.Empty(seenByFabrikam);
    }

    [Fact]
    public async Task What_one_node_protects_another_node_reads_through_the_key_ring_kept_in_the_database()
    {
        var protectedOnA = NodeA.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("signed-in");

        var readOnB = NodeB.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Unprotect(protectedOnA);

        Assert.Equal("signed-in", readOnB);
        await using var session = NodeA.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.NotEmpty(await session.Query<DataProtectionKey>().ToListAsync());
    }

    [Fact]
    public async Task When_the_listener_loses_its_connection_every_page_is_told_to_re_read_once_it_is_back()
    {
        var resynced = new TaskCompletionSource();
        using var subscription = NodeB.Services.GetRequiredService<StreamChangeNotifier>().Subscribe(PortalFixture.User("ana").TenantId, changed =>
        {
            if (changed.Resync) resynced.TrySetResult();
            return Task.CompletedTask;
        });

        await using (var connection = new Npgsql.NpgsqlConnection(Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var terminate = new Npgsql.NpgsqlCommand(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = current_database() and query like 'LISTEN%'", connection);
            Assert.True((long)(await terminate.ExecuteScalarAsync())! >= 2);
        }

        await resynced.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_subscriber_that_throws_does_not_keep_others_from_hearing()
    {
        var notifier = NodeB.Services.GetRequiredService<StreamChangeNotifier>();
        var heard = new TaskCompletionSource();
        using var broken = notifier.Subscribe("tenant-x", _ => throw new InvalidOperationException("broken circuit"));
        using var healthy = notifier.Subscribe("tenant-x", _ =>
        {
            heard.TrySetResult();
            return Task.CompletedTask;
        });

        notifier.Publish("tenant-x", Guid.NewGuid());

        await heard.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
