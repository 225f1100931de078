namespace Econeura.Portal.Tests.Identity;

/// <summary>Whom approvals and notifications can reach: the people a tenant has seen, as they signed in.</summary>
public sealed class PeopleTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task A_sign_in_records_the_persons_roles_address_and_language_and_only_holders_of_a_role_are_found_by_it()
    {
        await fixture.Portal.BrowserForAsync("bruno", culture: "en-GB");
        await fixture.Portal.BrowserForAsync("ana");
        await fixture.Portal.BrowserForAsync("fabio");
        var people = fixture.Service<People>();
        var contoso = DevelopmentPersonas.Contoso.Id;

        var bruno = await people.FindAsync(contoso, "dev-bruno");
        var approvers = await people.HoldingAsync(contoso, AppRoles.Approver);

        Assert.NotNull(bruno);
        Assert.Equal(("Bruno Martín", "bruno@contoso.example", "en-GB"), (bruno.Name, bruno.Email, bruno.Culture));
        Assert.Equal([AppRoles.Approver, AppRoles.User], bruno.Roles.Order(StringComparer.Ordinal));
        Assert.Equal(["dev-bruno"], approvers.Select(p => p.Id));
        Assert.Equal("es-ES", (await people.FindAsync(contoso, "dev-ana"))!.Culture);
        Assert.Null(await people.FindAsync(contoso, "dev-fabio"));
    }
}
