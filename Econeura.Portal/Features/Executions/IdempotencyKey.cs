using Microsoft.OpenApi;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// The <c>Idempotency-Key</c> request header (IETF draft-ietf-httpapi-idempotency-key-header) on the launches of the API
/// and the gateway: a client that lost the answer to a launch (a timeout, a 503 during an outage) sends it again with the
/// same key and gets the execution the first one opened, never a second.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const int LongestKey = 255;

    /// <summary>The key the client sent, or null without one; a malformed key is added to <paramref name="problems"/>.</summary>
    public static string? Read(HttpContext context, IDictionary<string, string[]> problems)
    {
        if (!context.Request.Headers.TryGetValue(Header, out var values)) return null;
        var key = values.ToString();
        // A comma would make it a list of keys (a header sent twice arrives joined by one): which would name the launch?
        if (values.Count == 1 && key.Length is > 0 and <= LongestKey && key.All(c => c is >= ' ' and <= '~' and not ',')) return key;
        problems[Header] = [$"Send one {Header} of 1 to {LongestKey} printable ASCII characters, without commas (a UUID is a good one)."];
        return null;
    }

    /// <summary>Declares the header in the API description, where a client's developer learns how to make a launch safe to send again.</summary>
    public static RouteHandlerBuilder AcceptsIdempotencyKey(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Header,
                In = ParameterLocation.Header,
                Description = "Optional. A launch sent again with the same key (after a timeout, or a 503) answers 200 with the execution the " +
                              "first one opened and the header Idempotent-Replayed: true; nothing is launched twice. The same key with another " +
                              "agent or input answers 422. Keys are per person.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = LongestKey },
            });
            return Task.CompletedTask;
        });

    /// <summary>Says that the answer is the first launch's, found again: nothing new was opened.</summary>
    public static void MarkReplayed(HttpContext context) => context.Response.Headers["Idempotent-Replayed"] = "true";

    public static ProblemHttpResult Reused() => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
        title: "This Idempotency-Key was used for another request",
        detail: "The key already launched an execution with another agent or input; nothing was launched. Use a new key for a new request.");
}
