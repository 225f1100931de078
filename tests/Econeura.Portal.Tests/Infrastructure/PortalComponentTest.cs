using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Econeura.Portal.Tests.Infrastructure;

/// <summary>
/// The shared setup of component tests: MudBlazor, localization, an interactive renderer, a signed-in persona, and
/// the portal's own services taken from a real portal on the fixture's database.
/// </summary>
public abstract class PortalComponentTest(PortalFixture fixture, string persona, string culture)
    : PortalComponentTest<PortalFixture>(fixture, persona, culture);

/// <summary>The same, on a portal whose fixture configures it differently.</summary>
public abstract class PortalComponentTest<TFixture> : BunitContext, IClassFixture<TFixture>, IAsyncLifetime where TFixture : PortalFixture
{
    protected PortalComponentTest(TFixture fixture, string persona, string culture)
    {
        Fixture = fixture;
        Persona = DevelopmentPersonas.Find(persona)!;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        // What bUnit does not provide itself comes from the real portal: catalog, launcher, queries, live feeds.
        Services.AddFallbackServiceProvider(new PortalOwnServices(fixture.Services));
        // Per circuit in the portal, so not in its root services: the reader's zone is the company's until a test says otherwise.
        Services.AddScoped(_ => new ViewerTime(fixture.Service<TimeProvider>()));
        var authorization = AddAuthorization();
        authorization.SetAuthorized(Persona.DisplayName);
        authorization.SetClaims(Persona.Claims().ToArray());
        RenderTree.Add<CascadingValue<PortalUser>>(parameters => parameters.Add(p => p.Value, PortalFixture.User(persona)));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        // The components under test read a real database and run real jobs: a busy CI machine needs more than bUnit's 1 s.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
    }

    protected TFixture Fixture { get; }
    protected DevelopmentPersona Persona { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only async-disposable.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}

/// <summary>The portal's own services (and its clock); the framework's come from bUnit, which renders the component.</summary>
internal sealed class PortalOwnServices(IServiceProvider portal) : IServiceProvider
{
    public object? GetService(Type serviceType) =>
        serviceType == typeof(TimeProvider) || serviceType.Namespace?.StartsWith("Econeura.", StringComparison.Ordinal) == true
            ? portal.GetService(serviceType)
            : null;
}
