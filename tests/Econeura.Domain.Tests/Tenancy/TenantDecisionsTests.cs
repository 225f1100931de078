using Econeura.Domain.Common;
using Econeura.Domain.Tenancy;

namespace Econeura.Domain.Tests.Tenancy;

/// <summary>Who may use the portal, and onboarding and offboarding an organisation: given a registration, when a command, then a registration or a refusal.</summary>
public sealed class TenantDecisionsTests
{
    private const string Northwind = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b";
    private const string Configured = "7d3c9a10-5e2b-4f61-9c84-0a1b2c3d4e01";
    private static readonly IReadOnlySet<string> AllowList = new HashSet<string> { Configured };
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly OnboardTenant Valid = new(Northwind, "Northwind Traders", "Europe/Madrid", 250m, ApplySeedRoutes: false);

    private static TenantRegistration Onboarded(OnboardTenant command) =>
        Assert.IsType<TenantDecision.Changed>(TenantDecisions.Onboard(null, command, "Olga", Now)).Registration;

    [Fact]
    public void A_directory_nobody_onboarded_or_configured_is_not_allowed() =>
        Assert.False(TenantDecisions.IsAllowed(Northwind, null, AllowList));

    [Fact]
    public void A_configured_directory_is_allowed_until_it_is_offboarded()
    {
        Assert.True(TenantDecisions.IsAllowed(Configured.ToUpperInvariant(), null, AllowList));
        var offboarded = Assert.IsType<TenantDecision.Changed>(TenantDecisions.Offboard(Configured, null, AllowList, "Contoso", "Olga", Now)).Registration;

        Assert.False(TenantDecisions.IsAllowed(Configured, offboarded, AllowList));
        Assert.Equal("Contoso", offboarded.DisplayName);
    }

    [Fact]
    public void Onboarding_allows_the_directory_and_offboarding_stops_it_keeping_the_record()
    {
        var onboarded = Stored(Onboarded(Valid));
        Assert.True(TenantDecisions.IsAllowed(Northwind, onboarded, AllowList));
        Assert.Equal(("Northwind Traders", "Europe/Madrid", 250m, "Olga"), (onboarded.DisplayName, onboarded.TimeZone, onboarded.DefaultBudgetEur, onboarded.OnboardedBy));

        var offboarded = Assert.IsType<TenantDecision.Changed>(TenantDecisions.Offboard(Northwind, onboarded, AllowList, "?", "Olga", Now.AddDays(1))).Registration;

        Assert.False(TenantDecisions.IsAllowed(Northwind, offboarded, AllowList));
        Assert.Equal((onboarded.Version, Now, Now.AddDays(1)), (offboarded.Version, offboarded.OnboardedAt, offboarded.OffboardedAt!.Value));
        Assert.IsType<TenantDecision.NotActive>(TenantDecisions.Offboard(Northwind, Stored(offboarded), AllowList, "?", "Olga", Now));
    }

    [Fact]
    public void An_active_organisation_is_not_onboarded_twice_but_an_offboarded_one_comes_back()
    {
        var active = Stored(Onboarded(Valid));
        Assert.IsType<TenantDecision.AlreadyActive>(TenantDecisions.Onboard(active, Valid, "Olga", Now));

        var offboarded = Stored(Assert.IsType<TenantDecision.Changed>(TenantDecisions.Offboard(Northwind, active, AllowList, "?", "Olga", Now)).Registration);
        var back = Assert.IsType<TenantDecision.Changed>(TenantDecisions.Onboard(offboarded, Valid with { DisplayName = "Northwind" }, "Olga", Now)).Registration;

        Assert.True(back.IsActive);
        Assert.Equal(("Northwind", offboarded.Version), (back.DisplayName, back.Version));
    }

    [Fact]
    public void Nobody_offboards_a_directory_that_was_never_allowed() =>
        Assert.IsType<TenantDecision.NotActive>(TenantDecisions.Offboard(Northwind, null, AllowList, "?", "Olga", Now));

    [Theory]
    [InlineData("", "Northwind", "Europe/Madrid", 100, TenantField.DirectoryId, TenantProblem.Required)]
    [InlineData("northwind", "Northwind", "Europe/Madrid", 100, TenantField.DirectoryId, TenantProblem.NotADirectoryId)]
    [InlineData(Northwind, " ", "Europe/Madrid", 100, TenantField.DisplayName, TenantProblem.Required)]
    [InlineData(Northwind, "Northwind", "Mars/Olympus", 100, TenantField.TimeZone, TenantProblem.UnknownTimeZone)]
    [InlineData(Northwind, "Northwind", "Europe/Madrid", 0.001, TenantField.DefaultBudgetEur, TenantProblem.OutOfRange)]
    [InlineData(Northwind, "Northwind", "Europe/Madrid", -5, TenantField.DefaultBudgetEur, TenantProblem.OutOfRange)]
    public void Bad_input_names_the_field_and_onboards_nothing(string directory, string name, string zone, double budget, TenantField field, TenantProblem problem)
    {
        var invalid = Assert.IsType<TenantDecision.Invalid>(TenantDecisions.Onboard(null, new OnboardTenant(directory, name, zone, (decimal)budget, false), "Olga", Now));

        Assert.Equal([new TenantFieldProblem(field, problem)], invalid.Problems);
    }

    [Fact]
    public void A_name_longer_than_the_limit_is_refused() =>
        Assert.Contains(new TenantFieldProblem(TenantField.DisplayName, TenantProblem.TooLong),
            TenantDecisions.Validate(Valid with { DisplayName = new string('n', TenantDecisions.MaxDisplayNameLength + 1) }));

    [Fact]
    public void Directory_ids_are_one_key_whatever_their_case() =>
        Assert.Equal(Northwind, DirectoryId.Normalize(Northwind.ToUpperInvariant()));

    /// <summary>As Marten leaves a registration once saved: one revision more.</summary>
    private static TenantRegistration Stored(TenantRegistration registration)
    {
        registration.Version++;
        return registration;
    }
}
