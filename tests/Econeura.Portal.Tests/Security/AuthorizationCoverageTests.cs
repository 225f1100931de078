using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Econeura.Portal.Tests.Security;

/// <summary>
/// Every page and endpoint names who may use it, and the portal holds to it: each route × each kind of person, through
/// real HTTP requests, against what the product says each role may do.
/// </summary>
public sealed class AuthorizationCoverageTests(PortalFixture fixture, ITestOutputHelper output) : IClassFixture<PortalFixture>
{
    /// <summary>
    /// Who each route is for, as the README's app roles table defines the roles ("Signing in with Entra ID"): the
    /// expectation, written independently of the code.
    /// </summary>
    private static readonly Dictionary<string, Audience> RouteAudiences = new()
    {
        ["GET /"] = Audience.Staff,
        ["GET /agents"] = Audience.Staff,
        ["GET /agents/{AgentId}/launch"] = Audience.Staff,
        ["GET /executions"] = Audience.Staff,
        ["GET /executions/{Id:guid}"] = Audience.Staff,
        ["GET /search"] = Audience.Staff,
        ["GET /approvals"] = Audience.ApprovalDesk,
        ["GET /approvals/history"] = Audience.ApprovalDesk,
        ["GET /approvals/{Id:guid}"] = Audience.ApprovalDesk,
        ["GET /admin/risk"] = Audience.TenantAdmin,
        ["GET /admin/dlp"] = Audience.TenantAdmin,
        ["GET /admin/executions"] = Audience.TenantAdmin,
        ["GET /admin/agents"] = Audience.TenantAdmin,
        ["GET /admin/agents/{AgentId}"] = Audience.TenantAdmin,
        ["GET /admin/cost-centres"] = Audience.TenantAdmin,
        ["GET /admin/notifications"] = Audience.TenantAdmin,
        ["GET /settings/notifications"] = Audience.Staff,
        ["GET /api/v1/admin/people/"] = Audience.TenantAdmin,
        ["PUT /api/v1/admin/people/{userId}/cost-centre"] = Audience.TenantAdmin,
        ["GET /api/v1/admin/agents/"] = Audience.TenantAdmin,
        ["PUT /api/v1/admin/agents/{agentId}"] = Audience.TenantAdmin,
        ["GET /admin/jobs/{**path}"] = Audience.PlatformOperator,
        ["GET /operator/tenants"] = Audience.PlatformOperator,
        ["GET /api/v1/operator/tenants/"] = Audience.PlatformOperator,
        ["POST /api/v1/operator/tenants/"] = Audience.PlatformOperator,
        ["POST /api/v1/operator/tenants/{directoryId}/offboard"] = Audience.PlatformOperator,
        ["GET /organisation-not-set-up"] = Audience.Anyone,
        ["GET /finance"] = Audience.Finance,
        ["GET /finance/export.csv"] = Audience.Finance,
        ["GET /finance/alerts"] = Audience.FinOps,
        ["GET /finance/budgets"] = Audience.FinOps,
        ["GET /finance/prices"] = Audience.FinOps,
        ["GET /finance/reconciliation"] = Audience.FinOps,
        ["GET /access-denied"] = Audience.SignedIn,
        ["POST /signout"] = Audience.SignedIn,
        ["GET /_framework/opaque-redirect"] = Audience.SignedIn,
        ["POST /_blazor/negotiate"] = Audience.SignedIn,
        ["GET /_blazor"] = Audience.SignedIn,
        ["POST /_blazor/disconnect/"] = Audience.SignedIn,
        ["GET /_blazor/initializers/"] = Audience.SignedIn,
        ["GET /error"] = Audience.Anyone,
        ["GET /not-found"] = Audience.Anyone,
        ["GET /signin-dev"] = Audience.Anyone,
        ["POST /signin-dev"] = Audience.Anyone,
        ["GET /signed-out"] = Audience.Anyone,
        ["GET /culture/{culture}"] = Audience.Anyone,
        ["GET /health/live"] = Audience.Anyone,
        ["GET /health/ready"] = Audience.Anyone,
        ["GET /openapi/{documentName}.json"] = Audience.Anyone,
        ["POST /api/dev/token"] = Audience.Anyone,
        ["GET /api/v1/agents"] = Audience.Staff,
        ["POST /api/invoke/{agentId}"] = Audience.Staff,
        ["GET /api/health"] = Audience.Anyone,
        // The API reference (Development only) describes what the public OpenAPI document already says.
        ["GET /api/reference/{documentName?}"] = Audience.Anyone,
        ["GET /api/reference/favicon.svg"] = Audience.Anyone,
        ["GET /api/reference/scalar.aspnetcore.js"] = Audience.Anyone,
        ["GET /api/reference/scalar.js"] = Audience.Anyone,
        ["POST /api/v1/dlp/scan"] = Audience.Staff,
        ["GET /api/v1/agents/{agentId}/dlp-policy/"] = Audience.TenantAdmin,
        ["PUT /api/v1/agents/{agentId}/dlp-policy/"] = Audience.TenantAdmin,
        ["POST /api/v1/executions/"] = Audience.Staff,
        ["GET /api/v1/executions/"] = Audience.Staff,
        ["GET /api/v1/executions/{id:guid}"] = Audience.Staff,
        ["POST /api/v1/executions/{id:guid}/cancel"] = Audience.Staff,
        ["POST /api/v1/executions/{id:guid}/stop"] = Audience.Staff,
        ["POST /api/v1/executions/{id:guid}/retry"] = Audience.Staff,
        ["GET /conversations"] = Audience.Staff,
        ["GET /conversations/{Id:guid}"] = Audience.Staff,
        ["POST /api/v1/conversations/"] = Audience.Staff,
        ["POST /api/v1/conversations/{id:guid}/messages"] = Audience.Staff,
        ["GET /api/v1/conversations/"] = Audience.Staff,
        ["GET /api/v1/conversations/{id:guid}"] = Audience.Staff,
        ["DELETE /api/v1/conversations/{id:guid}"] = Audience.Staff,
        ["GET /api/v1/approvals/"] = Audience.ApprovalDesk,
        ["GET /api/v1/approvals/{id:guid}"] = Audience.ApprovalDesk,
        ["POST /api/v1/approvals/{id:guid}/decision"] = Audience.ApprovalDesk,
        ["POST /api/v1/risk/evaluate"] = Audience.Staff,
        ["GET /api/v1/risk/policy"] = Audience.TenantAdmin,
        ["PUT /api/v1/risk/policy"] = Audience.TenantAdmin,
        ["GET /api/v1/costs"] = Audience.Finance,
        ["GET /api/v1/budgets/"] = Audience.FinOps,
        ["PUT /api/v1/budgets/{scope}"] = Audience.FinOps,
        ["DELETE /api/v1/budgets/{scope}"] = Audience.FinOps,
        ["GET /api/v1/budgets/alert-channels"] = Audience.FinOps,
        ["PUT /api/v1/budgets/alert-channels"] = Audience.FinOps,
        ["GET /api/v1/prices/"] = Audience.FinOps,
        ["POST /api/v1/prices/"] = Audience.FinOps,
        ["GET /approvals/delegation"] = Audience.Approver,
        ["GET /admin/delegations"] = Audience.TenantAdmin,
    };

    /// <summary>
    /// No role, each role of the tenant, a platform operator, another tenant's admin, and an operator of another
    /// directory (whose admin granted the platform role to themselves).
    /// </summary>
    private static readonly string?[] People = [null, "nadia", "ana", "bruno", "carmen", "diego", "olga", "fabio", "felix"];

    /// <summary>What the other tenant's admin must never see: the input of a Contoso execution waiting for approval.</summary>
    private const string ContosoMarker = "Marcador-de-Contoso-7731";

    [Fact]
    public void Every_page_and_endpoint_names_a_policy_or_is_marked_anonymous()
    {
        var unguarded = RoutedEndpoints()
            .Where(e => !e.IsStaticAsset && !e.IsDevelopmentStaticFallback)
            .Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
                && !e.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is not null || a.Roles is not null))
            .Select(e => e.Key)
            .ToList();

        Assert.Empty(unguarded);
    }

    [Fact]
    public void Every_anonymous_route_is_one_the_product_means_to_be_public_and_every_route_has_an_expected_audience()
    {
        var routes = RoutedEndpoints().Where(e => !e.IsStaticAsset && !e.IsDevelopmentStaticFallback).ToList();

        var anonymous = routes.Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(e => e.Key).Order();
        var meantPublic = RouteAudiences.Where(r => r.Value == Audience.Anyone).Select(r => r.Key).Order();
        Assert.Equal(meantPublic, anonymous);
        Assert.Empty(routes.Select(e => e.Key).Except(RouteAudiences.Keys));
        Assert.Empty(RouteAudiences.Keys.Except(routes.Select(e => e.Key)));
    }

    [Fact]
    public async Task Every_route_for_every_kind_of_person_is_allowed_or_refused_as_the_roles_say_and_no_tenant_sees_another()
    {
        var (executionId, approvalId) = await ContosoRequestWaitingForApprovalAsync();
        var routes = RoutedEndpoints().Where(e => !e.IsStaticAsset && !e.IsDevelopmentStaticFallback).ToList();
        var clients = new Dictionary<string, (HttpClient Pages, HttpClient Api)>();
        foreach (var persona in People)
            clients[persona ?? "-"] = persona is null
                ? (Anonymous(), Anonymous())
                : (await fixture.Portal.BrowserForAsync(persona), await fixture.Portal.ClientForAsync(DevelopmentPersonas.Get(persona)));

        var mismatches = new List<string>();
        var table = new StringBuilder($"{"route",-52} {string.Join(" ", People.Select(p => $"{p ?? "nobody",-7}"))}\n");
        foreach (var route in routes)
        {
            table.Append($"{route.Key,-52}");
            foreach (var persona in People)
            {
                var path = route.SamplePath(executionId, approvalId);
                var client = route.IsApi ? clients[persona ?? "-"].Api : clients[persona ?? "-"].Pages;
                using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), path)
                {
                    // An empty JSON object: enough to be read (and refused as incomplete) once past authorization.
                    Content = route.IsApi && route.Method != "GET" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
                });
                var body = await response.Content.ReadAsStringAsync();
                var outcome = Classify(route, response);
                var expected = Expected(RouteAudiences[route.Key], persona);
                table.Append($" {outcome.ToString()[..Math.Min(7, outcome.ToString().Length)],-7}");
                if (outcome != expected)
                    mismatches.Add($"{route.Key} as {persona ?? "nobody"}: {outcome} ({(int)response.StatusCode} {response.Headers.Location} {body[..Math.Min(200, body.Length)]}), expected {expected}");
                if (persona is not null && DevelopmentPersonas.Get(persona).Tenant != DevelopmentPersonas.Contoso && body.Contains(ContosoMarker))
                    mismatches.Add($"{route.Key} as {persona} (Fabrikam) showed Contoso's execution");
            }
            table.Append('\n');
        }
        output.WriteLine(table.ToString());
        output.WriteLine($"Matrix: {routes.Count} routes × {People.Length} people = {routes.Count * People.Length} real requests.");

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        // The marker check above can fail: Contoso's admin does see it.
        Assert.Contains(ContosoMarker, await clients["diego"].Api.GetStringAsync($"/api/v1/executions/{executionId}"));
    }

    private HttpClient Anonymous() => fixture.Portal.CreateClient(new() { AllowAutoRedirect = false });

    private async Task<(Guid Execution, Guid Approval)> ContosoRequestWaitingForApprovalAsync()
    {
        var ana = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Get("ana"));
        var launched = await ana.PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-8", input = $"Revisa el contrato {ContosoMarker}" });
        var execution = (await launched.Content.ReadFromJsonAsync<ExecutionResource>(PortalFactory.Json))!;
        var bruno = await fixture.Portal.ClientForAsync(DevelopmentPersonas.Get("bruno"));
        var approvals = await bruno.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/approvals?pageSize=100");
        var approval = approvals.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("executionId").GetGuid() == execution.Id);
        return (execution.Id, approval.GetProperty("id").GetGuid());
    }

    private static Outcome Classify(Route route, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status >= 500) return Outcome.ServerError;
        if (status == 401) return Outcome.SignInAsked;
        if (status == 403) return Outcome.Refused;
        if (route.IsApi) return Outcome.Allowed;
        // The cookie challenge points at the sign-in; on SignalR's negotiate a later antiforgery check turns its 302 into a 400.
        var location = response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.AbsolutePath : response.Headers.Location?.OriginalString ?? "";
        if (location.StartsWith(SignInMode.DevelopmentSignInPath, StringComparison.Ordinal)) return Outcome.SignInAsked;
        return location.StartsWith("/access-denied", StringComparison.Ordinal) ? Outcome.Refused : Outcome.Allowed;
    }

    private static Outcome Expected(Audience audience, string? persona)
    {
        if (audience == Audience.Anyone) return Outcome.Allowed;
        if (persona is null) return Outcome.SignInAsked;
        var roles = DevelopmentPersonas.Get(persona).Roles;
        // The platform's directory in Development is Contoso's: the operator role from any other directory counts for nothing.
        var platformOperator = roles.Contains(AppRoles.Operator) && DevelopmentPersonas.Get(persona).Tenant == DevelopmentPersonas.Contoso;
        var allowed = audience switch
        {
            Audience.SignedIn => true,
            Audience.Staff => roles.Contains(AppRoles.User),
            Audience.ApprovalDesk => roles.Contains(AppRoles.Approver) || roles.Contains(AppRoles.Admin) || roles.Contains(AppRoles.Finance),
            Audience.Approver => roles.Contains(AppRoles.Approver),
            Audience.Finance => roles.Contains(AppRoles.Finance),
            Audience.FinOps => roles.Contains(AppRoles.Finance) || roles.Contains(AppRoles.Admin),
            Audience.TenantAdmin => roles.Contains(AppRoles.Admin),
            Audience.PlatformOperator => platformOperator,
            _ => false,
        };
        return allowed ? Outcome.Allowed : Outcome.Refused;
    }

    private IEnumerable<Route> RoutedEndpoints() =>
        fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(endpoint => new Route(endpoint, PreferredMethod(endpoint)));

    /// <summary>Pages answer GET and POST (forms); the way a person reaches them is GET. SignalR endpoints name no method.</summary>
    private static string PreferredMethod(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
        if (methods.Contains("GET")) return "GET";
        if (methods.Count > 0) return methods[0];
        var pattern = endpoint.RoutePattern.RawText ?? "";
        return pattern.EndsWith("negotiate") || pattern.EndsWith("disconnect/") ? "POST" : "GET";
    }

    private sealed record Route(RouteEndpoint Endpoint, string Method)
    {
        private string Pattern => Endpoint.RoutePattern.RawText ?? "";
        public string Key => $"{Method} {Pattern}";
        public bool IsApi => Pattern.StartsWith("/api/", StringComparison.Ordinal);

        /// <summary>Files served from the build's static asset manifest: public by design (scripts, styles, fonts).</summary>
        public bool IsStaticAsset => !Pattern.StartsWith('/') && !IsDevelopmentStaticFallback;

        /// <summary>Development only (files outside the manifest while editing): it falls under the signed-in fallback policy.</summary>
        public bool IsDevelopmentStaticFallback => Pattern == "{**path:file}";

        public string SamplePath(Guid executionId, Guid approvalId) => Pattern
            .Replace("{id:guid}", Pattern.Contains("approvals") ? approvalId.ToString() : executionId.ToString())
            .Replace("{Id:guid}", Pattern.Contains("approvals") ? approvalId.ToString() : executionId.ToString())
            .Replace("{agentId}", "neura-8").Replace("{AgentId}", "neura-8")
            .Replace("{scope}", "legal").Replace("{culture}", "en-GB").Replace("{documentName}", "v1").Replace("{**path}", "")
            + (Pattern.EndsWith("negotiate") ? "?negotiateVersion=1" : "");
    }

    private enum Audience { Anyone, SignedIn, Staff, ApprovalDesk, Approver, Finance, FinOps, TenantAdmin, PlatformOperator }

    private enum Outcome { Allowed, SignInAsked, Refused, ServerError }
}
