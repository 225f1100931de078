using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Econeura.Portal.Infrastructure.Security;

/// <summary>The TLS-terminating proxies in front of the portal, whose X-Forwarded-For and X-Forwarded-Proto are believed.</summary>
public sealed class ProxyOptions
{
    /// <summary>Addresses of the proxies, e.g. <c>10.0.0.4</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in CIDR form, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary>
/// What every response carries and what a deployment outside Development must have configured: security headers, HTTPS,
/// secure cookies, forwarded headers from known proxies only, and an explicit host list.
/// </summary>
public static class WebHardening
{
    /// <summary>The jobs dashboard renders its own inline scripts; it alone may run them, and it is for operators only.</summary>
    public const string JobDashboardPath = "/admin/jobs";

    /// <summary>The API reference page (Development only).</summary>
    public const string ApiReferencePath = "/api/reference";

    public static void AddWebHardening(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        if (!development && builder.Configuration["AllowedHosts"] is null or "" or "*")
            throw new InvalidOperationException(
                "AllowedHosts must list the host names the portal answers to (e.g. \"portal.contoso.com\") outside Development; " +
                "\"*\" would let any Host header through to redirects and sign-in callbacks.");

        builder.Services.AddOptions<ProxyOptions>().BindConfiguration("ForwardedHeaders")
            .Validate(proxies => proxies.KnownProxies.All(proxy => IPAddress.TryParse(proxy, out _)), "ForwardedHeaders:KnownProxies must be IP addresses.")
            .Validate(proxies => proxies.KnownNetworks.All(network => System.Net.IPNetwork.TryParse(network, out _)),
                "ForwardedHeaders:KnownNetworks must be networks in CIDR form (10.0.0.0/24).")
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((options, configured) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in configured.Value.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in configured.Value.KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        builder.Services.Configure<CookiePolicyOptions>(options =>
        {
            options.Secure = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.HttpOnly = Microsoft.AspNetCore.CookiePolicy.HttpOnlyPolicy.Always;
            options.MinimumSameSitePolicy = SameSiteMode.Lax;
        });
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
    }

    public static void UseWebHardening(this WebApplication app, string? signInAuthority)
    {
        app.UseForwardedHeaders();
        var pagePolicy = ContentSecurityPolicy(scripts: "'self'", signInAuthority);
        var dashboardPolicy = ContentSecurityPolicy(scripts: "'self' 'unsafe-inline'", signInAuthority);
        app.Use((context, next) =>
        {
            // Read now: the dashboard moves its prefix from Path to PathBase before the response starts.
            // Two tools that are not ours run an inline script: the operators' job dashboard and, in Development, the API reference.
            var policy = context.Request.Path.StartsWithSegments(JobDashboardPath) || context.Request.Path.StartsWithSegments(ApiReferencePath)
                ? dashboardPolicy
                : pagePolicy;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseWhen(context => context.Request.Path.StartsWithSegments(CircuitHubPath), hub => hub.Use(RefuseForeignOrigins));
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseCookiePolicy();
    }

    /// <summary>The SignalR hub of the interactive pages (negotiate, WebSocket, long polling).</summary>
    public const string CircuitHubPath = "/_blazor";

    /// <summary>
    /// A page of another site must not open a circuit with the visitor's cookie (cross-site WebSocket hijacking): browsers
    /// send the page's Origin on the WebSocket and on negotiate, and it must be this host (which AllowedHosts already
    /// limits). A request with no Origin is no browser's cross-site request.
    /// </summary>
    private static Task RefuseForeignOrigins(HttpContext context, RequestDelegate next)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || IsSameHost(origin, context.Request.Host)) return next(context);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private static bool IsSameHost(string origin, HostString host) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var page) && page.Scheme is "https" or "http"
        && string.Equals(page.Host, host.Host, StringComparison.OrdinalIgnoreCase)
        && (host.Port is { } port ? page.Port == port : page.IsDefaultPort);

    /// <summary>
    /// Blazor and MudBlazor need no <c>eval</c> and no inline script; MudBlazor's theme and components do set inline
    /// styles. The WebSocket of the circuit is same-origin. Forms post here, or to the identity provider on sign-out.
    /// </summary>
    private static string ContentSecurityPolicy(string scripts, string? signInAuthority) =>
        $"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        $"connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; " +
        $"form-action 'self'{(signInAuthority is null ? "" : " " + signInAuthority)}";
}
