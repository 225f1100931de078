using Econeura.Portal.Features.Notifications;

namespace Econeura.Portal.Tests.Notifications;

/// <summary>Whom a request's notices reach: the groups its chain has reached, approvers away replaced by their delegates.</summary>
public sealed class ApprovalRecipientsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private static KnownPerson Person(string id, params string[] roles) => new() { Id = id, Name = id, Roles = [.. roles] };

    private static readonly KnownPerson[] People =
    [
        Person("ana", AppRoles.User), Person("bruno", AppRoles.User, AppRoles.Approver), Person("carmen", AppRoles.User, AppRoles.Finance),
        Person("diego", AppRoles.User, AppRoles.Approver, AppRoles.Admin), Person("irene", AppRoles.User, AppRoles.Approver),
    ];

    private static readonly List<ChainStage> ApproversThenFinanceThenAdmins =
    [
        new(ApproverGroup.Approvers, TimeSpan.FromHours(4)), new(ApproverGroup.Finance, TimeSpan.FromHours(4)),
        new(ApproverGroup.Admins, TimeSpan.FromHours(4)),
    ];

    private static ApprovalView Request(string requester, int stage, params string[] decided) =>
        new() { RequestedBy = requester, Chain = ApproversThenFinanceThenAdmins, Stage = stage, DeciderIds = [.. decided] };

    private static Delegation Away(string from, string to) => new(Guid.NewGuid(), from, from, to, to, Now.AddDays(-1), Now.AddDays(2));

    private static IEnumerable<string> Ids(IEnumerable<KnownPerson> people) => people.Select(p => p.Id).Order(StringComparer.Ordinal);

    [Fact]
    public void A_new_request_reaches_the_first_groups_holders_but_not_its_requester_nor_who_decided()
    {
        var recipients = ApprovalRecipients.Decide(People, Request("bruno", stage: 0, decided: "irene"), [], Now, escalationOnly: false);

        Assert.Equal(["diego"], Ids(recipients));
    }

    [Fact]
    public void Each_stage_adds_its_group_and_an_escalation_tells_only_the_group_it_newly_reaches()
    {
        var atFinance = Request("ana", stage: 1);

        Assert.Equal(["bruno", "carmen", "diego", "irene"], Ids(ApprovalRecipients.Decide(People, atFinance, [], Now, escalationOnly: false)));
        Assert.Equal(["carmen"], Ids(ApprovalRecipients.Decide(People, atFinance, [], Now, escalationOnly: true)));
    }

    [Fact]
    public void An_approver_away_is_replaced_by_their_delegate_while_the_delegation_runs_and_only_then()
    {
        var delegations = new[] { Away("bruno", "irene") };

        Assert.Equal(["diego", "irene"], Ids(ApprovalRecipients.Decide(People, Request("ana", 0), delegations, Now, escalationOnly: false)));
        Assert.Equal(["bruno", "diego", "irene"], Ids(ApprovalRecipients.Decide(People, Request("ana", 0), delegations, Now.AddDays(3), false)));
    }

    [Fact]
    public void A_delegate_who_made_the_request_does_not_receive_it_so_the_approver_away_keeps_it()
    {
        var recipients = ApprovalRecipients.Decide(People, Request("irene", 0), [Away("bruno", "irene")], Now, escalationOnly: false);

        Assert.Equal(["bruno", "diego"], Ids(recipients));
    }
}
