using System.Globalization;
using System.Text.Json.Serialization;
using Econeura.Portal.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;

namespace Econeura.Portal.Infrastructure;

public static class PortalUi
{
    public static readonly CultureInfo[] SupportedCultures = [new("es-ES"), new("en-GB")];

    public static void AddPortalUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.AddCircuitCounting();
        builder.Services.AddMudServices();
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(SupportedCultures[0]);
            options.SupportedCultures = SupportedCultures;
            options.SupportedUICultures = SupportedCultures;
            options.ApplyCurrentCultureToResponseHeaders = true;
        });
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
    }

    public static void UsePortalPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        // Pages get a friendly "not found"; the API keeps its own status codes and problem details.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        // Routing after the status-code pages, so a re-executed "not found" is routed (and authorized) as its own page.
        app.UseRouting();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
    }

    public static void MapPortalUi(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapGet("/culture/{culture}", SetCulture).AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.DisableWebSocketCompression = true);
        app.MapMemoryReading();
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
