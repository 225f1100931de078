using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Econeura.Domain.Tenancy;
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
        builder.Services.AddSingleton<People>();
        builder.Services.ConfigureMarten(options => options.Schema.For<KnownPerson>());
        builder.Services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, NoteWhoSignsIn);
        AddPlatformOperators(builder, mode, azureAd);

        if (mode.UsesEntra) AddEntraSignIn(builder, azureAd);
        else if (mode.DevelopmentSignIn) AddDevelopmentSignIn(builder);
        else
            throw new InvalidOperationException(
                "No sign-in is configured: set the AzureAd section (Instance, TenantId, ClientId, ClientSecret). " +
                "The development sign-in with demo personas exists only in the Development environment.");
        ChooseSchemeByPath(builder, pageChallenge: mode.UsesEntra ? OpenIdConnectDefaults.AuthenticationScheme
            : CookieAuthenticationDefaults.AuthenticationScheme);

        builder.Services.AddAuthorization(options =>
        {
            options.FallbackPolicy = SignedInPolicy();
            options.AddPolicy(Policies.SignedIn, SignedInPolicy());
            foreach (var (name, roles) in Policies.Roles)
                options.AddPolicy(name, policy => policy.RequireAuthenticatedUser().AddRequirements(new PortalAccessRequirement(roles)));
        });
        builder.Services.AddSingleton<IAuthorizationHandler, PortalAccessHandler>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, PortalAccessResultHandler>();
        builder.Services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, EndSessionsOfOrganisationsNotSetUp);
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, OrganisationRevalidation>();
    }

    /// <summary>
    /// Whoever signs in is known at once, as the directory describes them (after the portal's claims transformations,
    /// such as the cost centre's): admins list them, and approvals and notifications can reach them.
    /// </summary>
    private static void NoteWhoSignsIn(CookieAuthenticationOptions options)
    {
        var previous = options.Events.OnSignedIn;
        options.Events.OnSignedIn = async context =>
        {
            await previous(context);
            var services = context.HttpContext.RequestServices;
            if (context.Principal is not { } principal) return;
            foreach (var transformation in services.GetServices<IClaimsTransformation>()) principal = await transformation.TransformAsync(principal);
            if (PortalUser.From(principal) is { } user)
                await services.GetRequiredService<People>().NoteAsync(user, CultureInfo.CurrentUICulture, context.HttpContext.RequestAborted);
        };
    }

    private static AuthorizationPolicy SignedInPolicy() =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new PortalAccessRequirement([])).Build();

    /// <summary>
    /// The platform's own directory, whose operators alone hold <see cref="AppRoles.Operator"/>: configured, or the single
    /// directory Entra signs in from, or the demo Contoso tenant with the development sign-in. With several organisations
    /// (<c>organizations</c> or <c>common</c>) it must be named.
    /// </summary>
    private static void AddPlatformOperators(WebApplicationBuilder builder, SignInMode mode, IConfigurationSection azureAd)
    {
        var defaultDirectory = mode.DevelopmentSignIn ? DevelopmentPersonas.Contoso.Id : DirectoryId.Normalize(azureAd["TenantId"]);
        builder.Services.AddOptions<PlatformOptions>().BindConfiguration("Platform")
            .PostConfigure(o => o.OperatorTenantId = string.IsNullOrWhiteSpace(o.OperatorTenantId) ? defaultDirectory
                : DirectoryId.Normalize(o.OperatorTenantId) ?? o.OperatorTenantId)
            .Validate(o => DirectoryId.IsValid(o.OperatorTenantId),
                "Platform:OperatorTenantId must be the directory (tenant) id of the platform's own organisation, whose Econeura.Operator " +
                "holders run the platform; it is required when AzureAd:TenantId is organizations or common (or not a directory id).")
            .ValidateOnStart();
        builder.Services.AddSingleton<PlatformOperators>();
    }

    /// <summary>
    /// A session of an organisation that is not set up any more (offboarded) ends at its next request: the cookie is
    /// dropped, and signing in again meets the "not set up" page. The status is cached per process, not read per request.
    /// </summary>
    private static void EndSessionsOfOrganisationsNotSetUp(CookieAuthenticationOptions options)
    {
        var previous = options.Events.OnValidatePrincipal;
        options.Events.OnValidatePrincipal = async context =>
        {
            await previous(context);
            if (context.Principal is not { } principal || PortalUser.From(principal) is not { } user) return;
            var tenants = context.HttpContext.RequestServices.GetRequiredService<ITenantStatus>();
            if (await tenants.IsActiveAsync(user.TenantId, context.HttpContext.RequestAborted)) return;
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        };
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
        builder.Services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, options
            => options.AccessDeniedPath = "/access-denied");
        builder.Services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, options =>
        {
            options.TokenValidationParameters.RoleClaimType = PortalClaims.Roles;
            options.TokenValidationParameters.NameClaimType = PortalClaims.Name;
            // The authorization code flow with PKCE, redeemed with the client secret. Identity.Web would otherwise ask for
            // a bare ID token, which Entra only sends to registrations with implicit ID tokens turned on.
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.RequireHttpsMetadata = !testProvider;
            if (testProvider) TrustTheProvidersOwnIssuer(options.TokenValidationParameters);
            RefuseOrganisationsNotSetUp(options.Events);
        });
        builder.Services.Configure<JwtBearerOptions>(PortalSchemes.Api, options =>
        {
            options.TokenValidationParameters.RoleClaimType = PortalClaims.Roles;
            options.RequireHttpsMetadata = !testProvider;
            if (testProvider) TrustTheProvidersOwnIssuer(options.TokenValidationParameters);
        });
    }

    /// <summary>
    /// Someone of a directory that is not onboarded (any directory can consent to a multi-organisation app) gets no
    /// session: no tenant is created and nothing is read or seeded for it; the "not set up" page says why.
    /// </summary>
    private static void RefuseOrganisationsNotSetUp(OpenIdConnectEvents events)
    {
        var previous = events.OnTokenValidated;
        events.OnTokenValidated = async context =>
        {
            await previous(context);
            var tenants = context.HttpContext.RequestServices.GetRequiredService<ITenantStatus>();
            if (context.Principal is { } principal && PortalUser.From(principal) is { } user
                && await tenants.IsActiveAsync(user.TenantId, context.HttpContext.RequestAborted)) return;
            context.HandleResponse();
            context.Response.Redirect(PortalAccessResultHandler.NotSetUpPath);
        };
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
            .Validate(o => DevelopmentSignInOptions.IsValidKey(o.SigningKey),
                "DevelopmentSignIn:SigningKey must be base64 of 32 bytes (openssl rand -base64 32).")
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

    private static async Task<RedirectHttpResult> SignInAsPersonaAsync(HttpContext context, ITenantStatus tenants, [FromForm] string persona,
        [FromForm] string? returnUrl)
    {
        if (DevelopmentPersonas.Find(persona) is not { } found) return TypedResults.Redirect(SignInMode.DevelopmentSignInPath);
        if (!await tenants.IsActiveAsync(found.Tenant.Id, context.RequestAborted)) return TypedResults.Redirect(PortalAccessResultHandler.NotSetUpPath);
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
