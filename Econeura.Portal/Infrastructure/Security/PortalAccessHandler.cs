using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Econeura.Portal.Infrastructure.Security;

/// <summary>Whether an organisation may use the portal now: onboarded and active, or allowed by configuration and not offboarded.</summary>
public interface ITenantStatus
{
    Task<bool> IsActiveAsync(string tenantId, CancellationToken cancellationToken = default);
}

/// <summary>
/// What every policy asks, the fallback included: a portal user (tenant and object id) of an organisation that may use
/// the portal, holding one of <see cref="Roles"/> (none: signed in is enough).
/// </summary>
public sealed record PortalAccessRequirement(IReadOnlyList<string> Roles) : IAuthorizationRequirement;

public sealed class PortalAccessHandler(ITenantStatus tenants, PlatformOperators operators) : AuthorizationHandler<PortalAccessRequirement>
{
    /// <summary>The failure that says the organisation is not set up: it is answered with its own page and problem, not as a missing role.</summary>
    public const string NotSetUp = "The organisation is not set up in Econeura.";

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PortalAccessRequirement requirement)
    {
        if (PortalUser.From(context.User) is not { } user) return;
        if (!await tenants.IsActiveAsync(user.TenantId))
        {
            context.Fail(new AuthorizationFailureReason(this, NotSetUp));
            return;
        }
        if (requirement.Roles.Count == 0 || requirement.Roles.Any(role => operators.Holds(user, role))) context.Succeed(requirement);
    }
}

/// <summary>
/// Someone of an organisation that is not set up (never onboarded, or offboarded) is told so: a 403 problem under
/// <c>/api</c>, the "not set up" page elsewhere. Every other refusal goes the usual way.
/// </summary>
public sealed class PortalAccessResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    public const string NotSetUpPath = "/organisation-not-set-up";

    private readonly AuthorizationMiddlewareResultHandler _usual = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden || authorizeResult.AuthorizationFailure?.FailureReasons.Any(r => r.Message == PortalAccessHandler.NotSetUp) != true)
        {
            await _usual.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        if (!Api.IsApiRequest(context))
        {
            context.Response.Redirect(NotSetUpPath);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Your organisation is not set up in Econeura",
                Detail = "Your directory is not onboarded, or was offboarded. The platform operator onboards organisations.",
            },
        });
    }
}

/// <summary>
/// An open page keeps its circuit's sign-in without any further request, so the cookie check never sees it again: every
/// minute the circuit asks whether its organisation may still use the portal, and one that was offboarded loses the
/// signed-in user (its pages show the refusal; nothing more is read for it).
/// </summary>
public sealed class OrganisationRevalidation(ILoggerFactory loggers, ITenantStatus tenants)
    : Microsoft.AspNetCore.Components.Server.RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(Microsoft.AspNetCore.Components.Authorization.AuthenticationState authenticationState,
        CancellationToken cancellationToken) => IsStillAllowedAsync(authenticationState.User, cancellationToken);

    public async Task<bool> IsStillAllowedAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        PortalUser.From(user) is not { } signedIn || await tenants.IsActiveAsync(signedIn.TenantId, cancellationToken);
}
