using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Econeura.E2E;

/// <summary>Someone the provider can sign in, with the claims Entra would send: tenant, object id, name and app roles.</summary>
public sealed record TestUser(string ObjectId, string TenantId, string Name, params string[] Roles);

/// <summary>The portal as the provider knows it: an app registration with a client secret and its two redirect URIs.</summary>
public sealed record TestClient(string ClientId, string ClientSecret, string PortalBaseUrl)
{
    public string RedirectUri => $"{PortalBaseUrl}/signin-oidc";
    public string PostLogoutRedirectUri => $"{PortalBaseUrl}/signout-callback-oidc";

    /// <summary>The audience Entra puts in access tokens for an API that exposes itself under its Application ID URI.</summary>
    public string ApiAudience => $"api://{ClientId}";
}

/// <summary>
/// An OpenID Connect provider that stands in for Entra ID, in the test process on a loopback port: the authorization
/// code flow with PKCE for one confidential client, tokens carrying Entra's claims, and sign-out. Instead of a password
/// page it shows one button per test user. Nothing is stored (OpenIddict's degraded mode): codes and tokens are
/// self-contained, and the client is checked by the handlers below.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    /// <summary>A grant only this provider has: the test asks for a user's API access token without a browser.</summary>
    public const string UserTokenGrant = "urn:econeura:test:user-token";

    private const string AuthorizationPath = "/connect/authorize";
    private readonly WebApplication _app;
    private readonly TestClient _client;
    private readonly ConcurrentQueue<string> _issued;

    private TestIdentityProvider(WebApplication app, string authority, TestClient client, RsaSecurityKey signingKey, ConcurrentQueue<string> issued)
    {
        _app = app;
        Authority = authority;
        _client = client;
        SigningKey = signingKey;
        _issued = issued;
    }

    /// <summary>The issuer, with its trailing slash, as it appears in the discovery document and in every token.</summary>
    public string Authority { get; }

    public string MetadataAddress => $"{Authority}.well-known/openid-configuration";

    /// <summary>The key that signs every token; the tests sign forgeries with it to change one thing at a time.</summary>
    public RsaSecurityKey SigningKey { get; }

    /// <summary>Every authorization code, identity token and access token handed out so far.</summary>
    public IReadOnlyCollection<string> IssuedCredentials => _issued;

    public static async Task<TestIdentityProvider> StartAsync(TestClient client, IReadOnlyList<TestUser> users)
    {
        var signingKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-provider-signing-key" };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var issued = new ConcurrentQueue<string>();
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetAuthorizationEndpointUris(AuthorizationPath).SetTokenEndpointUris("/connect/token").SetEndSessionEndpointUris("/connect/endsession");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange().AllowCustomFlow(UserTokenGrant);
            options.RegisterScopes(Scopes.OpenId, Scopes.Profile);
            options.EnableDegradedMode();
            options.AddSigningKey(signingKey).AddEphemeralEncryptionKey();
            // Entra's access tokens are signed JWTs that the API reads; OpenIddict would encrypt them by default.
            options.DisableAccessTokenEncryption();
            options.UseAspNetCore().DisableTransportSecurityRequirement().EnableAuthorizationEndpointPassthrough().EnableEndSessionEndpointPassthrough();
            CheckTheClient(options, client);
            options.AddEventHandler<HandleTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.Request.GrantType != UserTokenGrant) return default;
                if (users.FirstOrDefault(u => u.ObjectId == context.Request.LoginHint) is { } user) context.SignIn(Principal(user, client, []));
                else context.Reject(Errors.InvalidGrant, "login_hint names no test user.");
                return default;
            }));
            options.AddEventHandler<ApplyAuthorizationResponseContext>(handler => handler.UseInlineHandler(context =>
            {
                Remember(issued, context.Response.Code, context.Response.IdToken, context.Response.AccessToken);
                return default;
            }));
            options.AddEventHandler<ApplyTokenResponseContext>(handler => handler.UseInlineHandler(context =>
            {
                Remember(issued, context.Response.IdToken, context.Response.AccessToken, context.Response.RefreshToken);
                return default;
            }));
        });

        var app = builder.Build();
        app.UseAuthentication();
        app.MapMethods(AuthorizationPath, [HttpMethods.Get, HttpMethods.Post], (HttpContext context) =>
        {
            var request = context.GetOpenIddictServerRequest()!;
            return users.FirstOrDefault(u => u.ObjectId == request.LoginHint) is { } user
                ? Results.SignIn(Principal(user, client, request.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)
                : Results.Content(UserPicker(request, users), "text/html; charset=utf-8");
        });
        app.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], () =>
            Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]));
        await app.StartAsync();

        // Kestrel reports the port it took for port 0 once started.
        return new TestIdentityProvider(app, $"{app.Urls.Single().TrimEnd('/')}/", client, signingKey, issued);
    }

    /// <summary>
    /// The degraded mode has no application store, so nothing would check the client: only the portal's registration
    /// may ask for codes and tokens, with its secret, and only its registered redirect URIs receive them.
    /// </summary>
    private static void CheckTheClient(OpenIddictServerBuilder options, TestClient client)
    {
        options.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
        {
            if (context.ClientId != client.ClientId) context.Reject(Errors.InvalidClient, "Unknown client_id.");
            else if (context.RedirectUri != client.RedirectUri) context.Reject(Errors.InvalidRequest, $"redirect_uri {context.RedirectUri} is not registered.");
            return default;
        }));
        options.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
        {
            if (context.ClientId != client.ClientId || context.ClientSecret != client.ClientSecret)
                context.Reject(Errors.InvalidClient, "Unknown client_id or wrong client_secret.");
            return default;
        }));
        options.AddEventHandler<ValidateEndSessionRequestContext>(handler => handler.UseInlineHandler(context =>
        {
            if (context.PostLogoutRedirectUri is { } uri && uri != client.PostLogoutRedirectUri)
                context.Reject(Errors.InvalidRequest, $"post_logout_redirect_uri {uri} is not registered.");
            return default;
        }));
    }

    private static ClaimsPrincipal Principal(TestUser user, TestClient client, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, "roles");
        identity.AddClaim(new Claim(Claims.Subject, user.ObjectId));
        identity.AddClaim(new Claim("oid", user.ObjectId));
        identity.AddClaim(new Claim("tid", user.TenantId));
        identity.AddClaim(new Claim(Claims.Name, user.Name));
        foreach (var role in user.Roles) identity.AddClaim(new Claim("roles", role));
        // Entra's access token format: Identity.Web expects the api:// audience only with version 1.0.
        identity.AddClaim(new Claim("ver", "1.0"));
        identity.SetScopes(scopes).SetResources(client.ApiAudience);
        identity.SetDestinations(claim => claim.Type == "ver" ? [Destinations.AccessToken] : [Destinations.AccessToken, Destinations.IdentityToken]);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Stands in for Entra's sign-in page: the request's own parameters posted back with the chosen user as login_hint.</summary>
    private static string UserPicker(OpenIddictRequest request, IReadOnlyList<TestUser> users)
    {
        var html = HtmlEncoder.Default;
        var page = new StringBuilder($"<!doctype html><html lang=\"en\"><title>Test identity provider</title><h1>Sign in</h1><form method=\"post\" action=\"{AuthorizationPath}\">");
        foreach (var (name, value) in request.GetParameters())
            page.Append($"<input type=\"hidden\" name=\"{html.Encode(name)}\" value=\"{html.Encode((string?)value ?? "")}\">");
        foreach (var user in users)
            page.Append($"<button name=\"{Parameters.LoginHint}\" value=\"{html.Encode(user.ObjectId)}\" data-testid=\"sign-in-as-{html.Encode(user.ObjectId)}\">{html.Encode(user.Name)}</button>");
        return page.Append("</form></html>").ToString();
    }

    private static void Remember(ConcurrentQueue<string> issued, params string?[] credentials)
    {
        foreach (var credential in credentials)
            if (!string.IsNullOrEmpty(credential)) issued.Enqueue(credential);
    }

    /// <summary>A user's access token for the portal's API, from the provider's token endpoint.</summary>
    public async Task<string> AccessTokenForAsync(TestUser user)
    {
        using var http = new HttpClient();
        var response = await http.PostAsync($"{Authority}connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Parameters.GrantType] = UserTokenGrant,
            [Parameters.ClientId] = _client.ClientId,
            [Parameters.ClientSecret] = _client.ClientSecret,
            [Parameters.LoginHint] = user.ObjectId,
        }));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        return body![Parameters.AccessToken].ToString()!;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
