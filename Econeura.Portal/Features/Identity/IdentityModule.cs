using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Econeura.Portal.Features.Identity;

public static class IdentityModule
{
    public static void AddIdentity(this WebApplicationBuilder builder)
    {
        var azureAd = builder.Configuration.GetSection("AzureAd");
        var usesEntra = !string.IsNullOrWhiteSpace(azureAd["ClientId"]);
        var mode = new SignInMode(usesEntra, DevelopmentSignIn: !usesEntra && builder.Environment.IsDevelopment(),
            ProviderOrigin: usesEntra && Uri.TryCreate(azureAd["Authority"] ?? azureAd["Instance"], UriKind.Absolute, out var provider)
                ? provider.GetLeftPart(UriPartial.Authority)
                : null);
        builder.Services.AddSingleton(mode);
        builder.Services.AddSingleton<TenantDirectory>();

        if (mode.UsesEntra) AddEntraSignIn(builder, azureAd);
        else if (mode.DevelopmentSignIn) AddDevelopmentSignIn(builder);
        else
            throw new InvalidOperationException(
                "No sign-in is configured: set the AzureAd section (Instance, TenantId, ClientId, ClientSecret). " +
                "The development sign-in with demo personas exists only in the Development environment.");
        ChooseSchemeByPath(builder, pageChallenge: mode.UsesEntra ? OpenIdConnectDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme);

        builder.Services.AddAuthorization(options =>
        {
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            options.AddPolicy(Policies.SignedIn, policy => policy.RequireAuthenticatedUser());
            foreach (var (name, roles) in Policies.Roles)
                options.AddPolicy(name, policy => policy.RequireAssertion(context => PortalUser.From(context.User) is { } user && roles.Any(user.IsInRole)));
        });
        builder.Services.AddCascadingAuthenticationState();
    }

    /// <summary>
    /// Under <c>/api</c> a request is only ever authenticated, challenged and refused as a bearer request (401 and 403,
    /// never a redirect to a sign-in page), even where no endpoint names a scheme: an unknown path, a wrong method or
    /// content type. Pages use the cookie, and their challenge is the sign-in.
    /// </summary>
    private static void ChooseSchemeByPath(WebApplicationBuilder builder, string pageChallenge)
    {
        builder.Services.AddAuthentication()
            .AddPolicyScheme(PortalSchemes.ByPath, null, options => options.ForwardDefaultSelector = context =>
                Api.IsApiRequest(context) ? PortalSchemes.Api : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddPolicyScheme(PortalSchemes.ChallengeByPath, null, options => options.ForwardDefaultSelector = context =>
                Api.IsApiRequest(context) ? PortalSchemes.Api : pageChallenge);
        // After the identity libraries, which set their own defaults.
        builder.Services.PostConfigure<AuthenticationOptions>(options =>
        {
            options.DefaultScheme = PortalSchemes.ByPath;
            options.DefaultAuthenticateScheme = PortalSchemes.ByPath;
            options.DefaultChallengeScheme = PortalSchemes.ChallengeByPath;
            options.DefaultForbidScheme = PortalSchemes.ByPath;
        });
    }

    private static void AddEntraSignIn(WebApplicationBuilder builder, IConfigurationSection azureAd)
    {
        var testProvider = AllowsInsecureTestProvider(builder, azureAd);
        builder.Services.AddAuthentication()
            .AddMicrosoftIdentityWebApp(azureAd);
        builder.Services.AddAuthentication()
            .AddMicrosoftIdentityWebApi(azureAd, PortalSchemes.Api);
        // After Identity.Web's own configuration, which these override.
        // Identity.Web's cookie sends someone signed in without the role a page needs to /Account/AccessDenied, a page
        // of its UI package, which the portal does not use.
        builder.Services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, options => options.AccessDeniedPath = "/access-denied");
        builder.Services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, options =>
        {
            options.TokenValidationParameters.RoleClaimType = PortalClaims.Roles;
            options.TokenValidationParameters.NameClaimType = PortalClaims.Name;
            // The authorization code flow with PKCE, redeemed with the client secret. Identity.Web would otherwise ask for
            // a bare ID token, which Entra only sends to registrations with implicit ID tokens turned on.
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.RequireHttpsMetadata = !testProvider;
            if (testProvider) TrustTheProvidersOwnIssuer(options.TokenValidationParameters);
        });
        builder.Services.Configure<JwtBearerOptions>(PortalSchemes.Api, options =>
        {
            options.TokenValidationParameters.RoleClaimType = PortalClaims.Roles;
            options.RequireHttpsMetadata = !testProvider;
            if (testProvider) TrustTheProvidersOwnIssuer(options.TokenValidationParameters);
        });
    }

    /// <summary>
    /// Whether the sign-in may trust an OpenID Connect provider that is not Entra and serves its metadata over plain HTTP:
    /// the stand-in provider of the end-to-end tests. Only this switch turns HTTPS metadata off (Identity.Web would also
    /// take <c>AzureAd:RequireHttpsMetadata</c>), and outside Development it stops the start rather than be ignored.
    /// </summary>
    private static bool AllowsInsecureTestProvider(WebApplicationBuilder builder, IConfigurationSection azureAd)
    {
        if (!azureAd.GetValue<bool>("AllowInsecureTestProvider")) return false;
        if (!builder.Environment.IsDevelopment())
            throw new InvalidOperationException(
                "AzureAd:AllowInsecureTestProvider lets a test provider sign people in over plain HTTP; it exists only in the " +
                "Development environment. Remove it and point AzureAd at Entra ID.");
        return true;
    }

    /// <summary>
    /// Identity.Web checks issuers against Entra's per-tenant pattern, which no other provider matches; without that
    /// validator the issuer must equal the one in the provider's own discovery document.
    /// </summary>
    private static void TrustTheProvidersOwnIssuer(TokenValidationParameters parameters) => parameters.IssuerValidator = null;

    private static void AddDevelopmentSignIn(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DevelopmentSignInOptions>().BindConfiguration("DevelopmentSignIn")
            .Validate(o => DevelopmentSignInOptions.IsValidKey(o.SigningKey), "DevelopmentSignIn:SigningKey must be base64 of 32 bytes (openssl rand -base64 32).")
            .ValidateOnStart();
        builder.Services.AddSingleton<DevelopmentTokenIssuer>();
        builder.Services.AddAuthentication()
            .AddCookie(options =>
            {
                options.Cookie.Name = "econeura.auth";
                options.LoginPath = SignInMode.DevelopmentSignInPath;
                options.AccessDeniedPath = "/access-denied";
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
            })
            .AddJwtBearer(PortalSchemes.Api);
        builder.Services.AddOptions<JwtBearerOptions>(PortalSchemes.Api)
            .Configure<DevelopmentTokenIssuer>((options, issuer) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = issuer.ValidationParameters;
            });
    }

    private static async Task<Results<SignOutHttpResult, RedirectHttpResult, ProblemHttpResult>> SignOutAsync(
        HttpContext context, IAntiforgery antiforgery, SignInMode mode)
    {
        // Nothing here binds a form field, so the antiforgery middleware would let a forged post through on its own.
        if (!await antiforgery.IsRequestValidAsync(context))
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The sign-out was not confirmed",
                detail: "The form had expired or did not come from this site. Reload the page and sign out again.");
        if (mode.UsesEntra)
            return TypedResults.SignOut(new AuthenticationProperties { RedirectUri = SignInMode.SignedOutPath },
                [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect(SignInMode.SignedOutPath);
    }

    private static ChallengeHttpResult SignInWithEntra(string? returnUrl) =>
        TypedResults.Challenge(new AuthenticationProperties { RedirectUri = LocalUrl.OrRoot(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]);

    private static async Task<RedirectHttpResult> SignInAsPersonaAsync(HttpContext context, [FromForm] string persona, [FromForm] string? returnUrl)
    {
        if (DevelopmentPersonas.Find(persona) is not { } found) return TypedResults.Redirect(SignInMode.DevelopmentSignInPath);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, found.Principal(CookieAuthenticationDefaults.AuthenticationScheme));
        return TypedResults.LocalRedirect(LocalUrl.OrRoot(returnUrl));
    }

    private static Results<Ok<DevelopmentToken>, ProblemHttpResult> IssueDevelopmentToken(DevelopmentTokenRequest request, DevelopmentTokenIssuer issuer) =>
        DevelopmentPersonas.Find(request.Persona) is { } persona
            ? TypedResults.Ok(issuer.Issue(persona))
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown persona",
                detail: $"Known personas: {string.Join(", ", DevelopmentPersonas.All.Select(p => p.Id))}.");

    public static void MapIdentity(this WebApplication app)
    {
        var mode = app.Services.GetRequiredService<SignInMode>();
        // The browser's sign-in and sign-out are not part of the API: they stay out of its description.
        app.MapPost("/signout", SignOutAsync).RequireAuthorization(Policies.SignedIn).ExcludeFromDescription();
        if (mode.UsesEntra)
        {
            app.MapGet("/signin", SignInWithEntra).AllowAnonymous().ExcludeFromDescription();
            return;
        }
        app.MapPost(SignInMode.DevelopmentSignInPath, SignInAsPersonaAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/api/dev/token", IssueDevelopmentToken).AllowAnonymous().DisableAntiforgery().WithTags("Development");
    }
}
