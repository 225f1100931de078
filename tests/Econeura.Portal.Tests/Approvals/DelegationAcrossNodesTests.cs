using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Approvals;

/// <summary>A delegation made or ended on one portal process reaches the pages watching it on the other, and no other tenant's.</summary>
public sealed class DelegationAcrossNodesTests : TwoPortalNodes
{
    private static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");

    [Fact]
    public async Task A_delegation_made_and_ended_on_node_a_is_heard_on_node_b_by_its_tenant_only()
    {
        var (diego, bruno, elena) = (PortalFixture.User("diego"), PortalFixture.User("bruno"), PortalFixture.User("elena"));
        foreach (var person in new[] { diego, bruno }) await NodeA.Services.GetRequiredService<People>().NoteAsync(person, CultureInfo.GetCultureInfo("es-ES"));
        var bookB = NodeB.Services.GetRequiredService<DelegationBook>();
        var made = new TaskCompletionSource<IReadOnlyList<Delegation>>();
        var ended = new TaskCompletionSource<IReadOnlyList<Delegation>>();
        var heardByFabrikam = 0;
        using var contoso = bookB.Watch(diego.TenantId, async () =>
        {
            var all = await bookB.AllAsync(diego.TenantId);
            if (all.Count == 0) return;
            if (all[0].EndedAt is null) made.TrySetResult(all);
            else ended.TrySetResult(all);
        });
        using var fabrikam = bookB.Watch(elena.TenantId, () =>
        {
            Interlocked.Increment(ref heardByFabrikam);
            return Task.CompletedTask;
        });
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Madrid).DateTime);
        var bookA = NodeA.Services.GetRequiredService<DelegationBook>();

        var delegation = Assert.IsType<DelegationOutcome.Made>(await bookA.MakeAsync(diego, bruno.UserId, today, today.AddDays(3), Madrid)).Delegation;
        Assert.Equal(delegation.Id, Assert.Single(await made.Task.WaitAsync(TimeSpan.FromSeconds(30))).Id);

        Assert.True(await bookA.EndAsync(diego, delegation.Id));
        Assert.Equal(diego.DisplayName, Assert.Single(await ended.Task.WaitAsync(TimeSpan.FromSeconds(30))).EndedBy);
        Assert.Equal(0, Volatile.Read(ref heardByFabrikam));
    }
}
