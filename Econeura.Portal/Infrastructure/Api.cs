using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using Econeura.Domain.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc;

namespace Econeura.Portal.Infrastructure;

public static class Api
{
    /// <summary>The body limit of an API request that carries no long text: settings, decisions, prices.</summary>
    public const long SmallBodyBytes = 64 * 1024;

    /// <summary>
    /// The body limit of a request carrying an agent input or a text to scan: 100,000 characters, each of which JSON may
    /// write as a six-byte <c>\uXXXX</c> escape, and the envelope around them.
    /// </summary>
    public const long TextBodyBytes = 640 * 1024;

    /// <summary>
    /// The versioned REST API: bearer tokens only, problem details on errors, no antiforgery (no cookies are accepted),
    /// small bodies unless an endpoint says otherwise, and no text PostgreSQL could not store.
    /// </summary>
    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder endpoints, string prefix = "/api/v1")
    {
        var group = endpoints.MapGroup(prefix)
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = PortalSchemes.Api })
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(SmallBodyBytes));
        group.AddEndpointFilter(LimitUsage);
        group.AddEndpointFilterFactory(RefuseUnstorableText);
        return group;
    }

    public static void AddUsageLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration("RateLimits")
            .Validate(o => new[] { o.PerUser, o.PerTenant }.Concat(o.Tenants.Values.SelectMany(t => new[] { t.PerUser, t.PerTenant }))
                    .All(limit => limit is null || (limit.PermitLimit >= 0 && limit.WindowMinutes > 0)),
                "RateLimits: a PermitLimit cannot be negative (0 turns a limit off) and a WindowMinutes must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<UsageLimits>();
    }

    private static async ValueTask<object?> LimitUsage(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (PortalUser.From(context.HttpContext.User) is not { } user) return await next(context);
        if (context.HttpContext.RequestServices.GetRequiredService<UsageLimits>().TryTake(user) is not { } wait) return await next(context);
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: $"You or your organisation reached the request limit for now. Try again in {seconds} s.");
    }

    /// <summary>Lets an endpoint that takes a long text read a body up to <see cref="TextBodyBytes"/>.</summary>
    public static RouteHandlerBuilder AcceptsLongText(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new RequestSizeLimitAttribute(TextBodyBytes));

    /// <summary>
    /// API errors that no endpoint wrote (401, 403, 404, 405, 413, 415) still answer as problem documents. An unknown path
    /// or a route value of the wrong shape has no endpoint: the fallback policy, through the scheme chosen by path, asks
    /// for a bearer token first (so the API's shape is not shown to strangers), and then it is a plain 404.
    /// </summary>
    public static void UseApiProblemStatusCodes(this WebApplication app) =>
        app.UseWhen(IsApiRequest, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });

    public static void AddApiProblems(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<UnreadableRequestHandler>();
        // A request that cannot be bound throws in every environment, so that it gets the same clear answer everywhere.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
    }

    public static bool IsApiRequest(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    /// <summary>Checks the arguments the client sent (route, query, body), not the services and the signed-in user beside them.</summary>
    private static EndpointFilterDelegate RefuseUnstorableText(EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var services = factory.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
        var clientArguments = factory.MethodInfo.GetParameters()
            .Select((parameter, index) => (parameter, index))
            .Where(p => p.parameter.ParameterType != typeof(CancellationToken) && p.parameter.ParameterType != typeof(HttpContext)
                && p.parameter.ParameterType != typeof(PortalUser) && !services.IsService(p.parameter.ParameterType))
            .Select(p => (Name: System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.parameter.Name ?? ""), p.index))
            .ToArray();
        if (clientArguments.Length == 0) return next;

        return async context =>
        {
            foreach (var (name, index) in clientArguments)
            {
                if (UnstorableText.Find(context.Arguments[index], depth: 0) is not { } field) continue;
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { [field.Length == 0 ? name
                        : field] = ["Contains characters that cannot be stored (NUL or a broken surrogate pair)."] },
                    title: "The request was not accepted.");
            }
            return await next(context);
        };
    }
}

/// <summary>Finds, in a bound API argument, the first text PostgreSQL could not keep, and names its field.</summary>
internal static class UnstorableText
{
    private const int MaxDepth = 8;
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> TextBearingProperties = new();

    public static string? Find(object? value, int depth) => value switch
    {
        null => null,
        string text => StorableText.IsStorable(text) ? null : "",
        _ when depth >= MaxDepth || IsLeaf(value.GetType()) => null,
        IDictionary dictionary => FindInDictionary(dictionary, depth),
        IEnumerable items => FindInItems(items, depth),
        _ => FindInProperties(value, depth),
    };

    private static string? FindInDictionary(IDictionary dictionary, int depth)
    {
        foreach (DictionaryEntry entry in dictionary)
        {
            var key = entry.Key as string ?? "";
            if (!StorableText.IsStorable(key)) return "key";
            if (Find(entry.Value, depth + 1) is { } inner) return Join(key, inner);
        }
        return null;
    }

    private static string? FindInItems(IEnumerable items, int depth)
    {
        var index = 0;
        foreach (var item in items)
        {
            if (Find(item, depth + 1) is { } inner) return Join($"[{index}]", inner);
            index++;
        }
        return null;
    }

    private static string? FindInProperties(object value, int depth)
    {
        foreach (var property in TextBearingProperties.GetOrAdd(value.GetType(), PropertiesOf))
        {
            if (Find(property.GetValue(value), depth + 1) is { } inner)
                return Join(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name), inner);
        }
        return null;
    }

    // Only the request's own records (the portal's and the domain's) are walked: services, the user and framework types carry no client text.
    private static PropertyInfo[] PropertiesOf(Type type) =>
        type.Assembly == typeof(Api).Assembly || type.Assembly == typeof(StableIds).Assembly
            ? type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray()
            : [];

    private static bool IsLeaf(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(Guid)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeSpan)
        || type == typeof(CancellationToken) || Nullable.GetUnderlyingType(type) is not null;

    private static string Join(string outer, string inner) => inner.Length == 0 ? outer : inner.StartsWith('[') ? outer + inner : $"{outer}.{inner}";
}

/// <summary>
/// A body that is not JSON, does not fit the endpoint's shape, or is too large: a 4xx problem that names the field and
/// says what was wrong, without echoing the request (its headers carry the caller's token).
/// </summary>
internal sealed class UnreadableRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException unreadable) return false;
        context.Response.StatusCode = unreadable.StatusCode;
        var problem = new HttpValidationProblemDetails
        {
            Status = unreadable.StatusCode,
            Title = unreadable.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON.",
                _ => "The request could not be read.",
            },
            Detail = unreadable.InnerException is JsonException json
                ? $"The body is not valid JSON for this request{(json.Path is { Length: > 1 } path ? $" at {path}" : "")}."
                : unreadable.Message,
        };
        if (unreadable.InnerException is JsonException { Path: { Length: > 2 } at } refused)
            problem.Errors[at.TrimStart('$', '.')] = [refused is EnumNameException ? refused.Message : "Missing, of the wrong type, or not valid text."];
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}
