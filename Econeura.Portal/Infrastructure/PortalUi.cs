using System.Globalization;
using Econeura.Portal.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
using MudBlazor.Services;

namespace Econeura.Portal.Infrastructure;

public static class PortalUi
{
    public static readonly CultureInfo[] SupportedCultures = [new("es-ES"), new("en-GB")];

    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static void AddPortalUi(this WebApplicationBuilder builder)
    {
        builder.AddWebHardening();
        // In Development MapStaticAssets would re-read each asset from disk for hot reload, and this runtime takes
        // every file for changed (its timestamps differ below the second): it then sends them uncompressed and
        // uncached, 600 KB a page. Served as built instead (compressed, fingerprinted names cached for a year);
        // ReloadStaticAssetsAtRuntime=true brings hot reload back.
        builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
        var components = builder.Services.AddRazorComponents();
        components.AddInteractiveServerComponents()
            // The longest input a person may type (100,000 characters) crosses the circuit JSON-escaped, twice over.
            .AddHubOptions(hub =>
            {
                hub.MaximumReceiveMessageSize = MaxRequestBodyBytes;
                hub.AddFilter<CircuitsPerUser>();
            });
        // The reader's time zone, read from its cookie while prerendering, reaches the circuit with the page.
        components.RegisterPersistentService<ViewerTime>(RenderMode.InteractiveServer);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<ViewerTime>();
        // Nothing legitimate is larger; each API endpoint lowers this further to what it takes.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.AddCircuitCounting();
        builder.Services.AddMudServices();
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(SupportedCultures[0]);
            options.SupportedCultures = SupportedCultures;
            options.SupportedUICultures = SupportedCultures;
            options.ApplyCurrentCultureToResponseHeaders = true;
            // The browser's languages are matched by language, not by country: en-US reads English, es-MX Spanish.
            options.RequestCultureProviders = [.. options.RequestCultureProviders.Where(p => p is not AcceptLanguageHeaderRequestCultureProvider),
                new CustomRequestCultureProvider(BrowsersLanguage)];
        });
        builder.Services.AddApiProblems();
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new EnumNameConverter()));
    }

    public static void UsePortalPipeline(this WebApplication app)
    {
        app.UseWebHardening(app.Services.GetRequiredService<SignInMode>().ProviderOrigin);
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error", createScopeForErrors: true);
        // Pages get a friendly "not found"; the API answers every error with a problem document.
        app.UseWhen(context => !Api.IsApiRequest(context),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseApiProblemStatusCodes();
        // Routing after the status-code pages, so a re-executed "not found" is routed (and authorized) as its own page.
        app.UseRouting();
        app.UseRequestLocalization();
        // Inside the exception handlers (so an unreachable database is a calm 503, not an error logged per request) and
        // inside localization (so its page speaks the reader's language).
        app.UseMiddleware<DatabaseOutageMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
    }

    public static void MapPortalUi(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapGet("/culture/{culture}", SetCulture).AllowAnonymous().ExcludeFromDescription();
        // Signed in is the floor for the circuit's own endpoints; each page adds its policy (or its anonymous marker).
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.DisableWebSocketCompression = true)
            .RequireAuthorization(Policies.SignedIn);
    }

    /// <summary>The first of the browser's languages, by preference, that the portal writes, in the culture it writes it in.</summary>
    private static Task<ProviderCultureResult?> BrowsersLanguage(HttpContext context)
    {
        var culture = context.Request.GetTypedHeaders().AcceptLanguage
            .OrderByDescending(language => language.Quality ?? 1)
            .Select(language => language.Value.Value?.Split('-')[0])
            .Select(language => SupportedCultures.FirstOrDefault(c => c.TwoLetterISOLanguageName.Equals(language, StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault(c => c is not null);
        return Task.FromResult(culture is null ? null : new ProviderCultureResult(culture.Name));
    }

    private static Results<RedirectHttpResult, BadRequest> SetCulture(string culture, string? returnUrl, HttpContext context, TimeProvider time)
    {
        if (SupportedCultures.All(c => c.Name != culture)) return TypedResults.BadRequest();
        // The choice is remembered for a year in the standard culture cookie that UseRequestLocalization reads.
        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = time.GetUtcNow().AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        return TypedResults.LocalRedirect(LocalUrl.OrRoot(returnUrl));
    }
}
