namespace Econeura.Portal.Tests.Security;

public sealed class PagePoliciesTests
{
    [Theory]
    [InlineData("/finance/budgets", Policies.FinOps)]
    [InlineData("/finance?department=cfo", Policies.Finance)]
    [InlineData("/approvals/history", Policies.ApprovalDesk)]
    [InlineData("/approvals/0193a0b4-5a8e-7000-8000-000000000001", Policies.ApprovalDesk)]
    [InlineData("/agents/neura-1/launch", Policies.User)]
    [InlineData("/admin/dlp", Policies.Admin)]
    [InlineData("/signed-out", null)]
    [InlineData("/no-such-page", null)]
    [InlineData("https://elsewhere.example/finance", null)]
    public void The_policy_of_a_page_is_read_from_the_page_at_that_address(string url, string? policy) =>
        Assert.Equal(policy, PagePolicies.For(url));

    [Fact]
    public void Every_policy_a_page_names_says_which_roles_it_lets_in() =>
        Assert.All(typeof(Program).Assembly.GetTypes().Select(PagePolicies.Of).OfType<string>().Where(p => p != Policies.SignedIn),
            policy => Assert.True(Policies.Roles.ContainsKey(policy), policy));
}
