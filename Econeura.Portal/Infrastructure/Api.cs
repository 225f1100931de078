using Econeura.Portal.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;

namespace Econeura.Portal.Infrastructure;

public static class Api
{
    /// <summary>The versioned REST API: bearer tokens only, problem details on errors, no antiforgery (no cookies are accepted).</summary>
    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGroup("/api/v1")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = PortalSchemes.Api })
            .DisableAntiforgery();
}
