using System.Text.Json;
using System.Text.Json.Serialization;
using Econeura.Portal.Infrastructure.LiveUpdates;
using Econeura.Domain.Executions;
using Econeura.Domain.Dlp;
using Econeura.Portal.Features.Dlp;

namespace Econeura.Portal.Features.Executions;

/// <summary>
/// The original invoke gateway, kept for existing clients: <c>POST /api/invoke/{agentId}</c> with a bearer token and
/// the <c>X-Route</c> and <c>X-Correlation-Id</c> headers. It launches through the same DLP screening, policies, budgets
/// and backlog as the portal, and answers 202 with where to follow the execution, or its outcome when the client asks
/// to wait for it (<c>Prefer: wait=N</c>, RFC 7240, at most <see cref="LongestWait"/>).
/// </summary>
public static class InvokeGateway
{
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);
    private const int LongestHeader = 200;

    /// <summary>Bounds of <c>meta</c>: labels for the caller's own bookkeeping, not a second input.</summary>
    public const int MostMetaEntries = 16, LongestMetaKey = 64, LongestMetaValue = 256;

    public static void MapInvokeGateway(this WebApplication app)
    {
        var gateway = app.MapApi("/api").WithTags("Gateway");
        gateway.MapPost("/invoke/{agentId}", InvokeAsync).AcceptsLongText().AcceptsIdempotencyKey().RequireAuthorization(Policies.User).WithName("Invoke")
            .Accepts<InvokeRequest>("application/json");
        gateway.MapGet("/health", HealthAsync).AllowAnonymous().WithName("GatewayHealth");
    }

    private static async Task<Results<Accepted<InvokeAccepted>, Ok<ExecutionResource>, ValidationProblem, ProblemHttpResult>> InvokeAsync(
        string agentId, InvokeRequest request, HttpContext context, PortalUser user, ExecutionLauncher launcher, ExecutionQueries queries,
        LiveFeed<ExecutionView> feed, DlpScreening dlp, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        // Kept by the original contract; the agent's own route decides where the call goes.
        RequiredHeader(context, "X-Route", problems);
        var correlationId = RequiredHeader(context, "X-Correlation-Id", problems);
        var intent = new CallerIntent(RequestedRedaction(request.Policy, problems), CheckedMeta(request.Meta, dlp, problems));
        var idempotencyKey = IdempotencyKey.Read(context, problems);
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems, title: "The request was not accepted.");

        switch (await launcher.LaunchAsync(user, agentId, request.Input, cancellationToken, correlationId, intent, idempotencyKey: idempotencyKey))
        {
            case LaunchResult.KeyReused:
                return IdempotencyKey.Reused();
            case LaunchResult.Rejected rejected when rejected.Errors.Contains(LaunchError.UnknownAgent):
                return ApiProblems.NotFound("Agent not found", $"There is no agent '{agentId}' in your catalog.");
            case LaunchResult.Rejected { Budget: { } budget }:
                return LaunchProblems.BudgetSpent(budget, user);
            case LaunchResult.Rejected rejected:
                return TypedResults.ValidationProblem(LaunchProblems.ToDictionary(rejected.Errors), title: "The execution was not launched.");
            case LaunchResult.Backlogged backlog:
                return ExecutionsModule.Backlogged(context, backlog);
            case LaunchResult.Launched launched:
                if (launched.Repeated) IdempotencyKey.MarkReplayed(context);
                var wait = RequestedWait(context);
                var view = wait is { } patience
                    ? await SettledAsync(user, launched.ExecutionId, patience, queries, feed, cancellationToken)
                    : await queries.FindAsync(user, launched.ExecutionId, cancellationToken);
                if (wait is { } applied) context.Response.Headers["Preference-Applied"] = $"wait={(int)applied.TotalSeconds}";
                if (view is not null && IsSettled(view)) return TypedResults.Ok(ExecutionResource.From(view));
                var statusUrl = $"/api/v1/executions/{launched.ExecutionId}";
                return TypedResults.Accepted(statusUrl, new InvokeAccepted(launched.ExecutionId, view?.Status.ToString() ?? "Requested", statusUrl,
                    correlationId));
            default:
                throw new System.Diagnostics.UnreachableException();
        }
    }

    /// <summary>
    /// Visible ASCII only: the correlation id travels on in the agent's own request headers, which carry nothing else,
    /// and a value that cannot be sent would fail the call after it was accepted here.
    /// </summary>
    private static string RequiredHeader(HttpContext context, string name, Dictionary<string, string[]> problems)
    {
        var value = context.Request.Headers[name].ToString().Trim();
        if (value.Length == 0) problems[name] = [$"The {name} header is required."];
        else if (value.Length > LongestHeader || !value.All(c => c is > ' ' and <= '~'))
            problems[name] = [$"The {name} header must be 1 to {LongestHeader} visible ASCII characters (letters, digits, punctuation; no spaces)."];
        return value;
    }

    /// <summary>The operator of <c>policy.pii</c>, if the client named one; an unknown one is refused, not ignored.</summary>
    private static RedactionOperator? RequestedRedaction(InvokePolicy? policy, Dictionary<string, string[]> problems)
    {
        if (policy?.Pii is not { } pii) return null;
        if (Redactor.TryParseOperator(pii, out var requested)) return requested;
        problems["policy.pii"] = ["Use mask, replace or hash."];
        return null;
    }

    /// <summary>
    /// <c>meta</c> is kept as sent and shown with the execution, so it must be small and carry no personal data or secrets:
    /// each value is scanned like an input, and one with findings (or whose scan fails) is refused rather than stored.
    /// </summary>
    private static Dictionary<string, string>? CheckedMeta(Dictionary<string, string?>? meta, DlpScreening dlp, Dictionary<string, string[]> problems)
    {
        if (meta is null || meta.Count == 0) return null;
        if (meta.Count > MostMetaEntries)
        {
            problems["meta"] = [$"At most {MostMetaEntries} entries."];
            return null;
        }
        var checkedMeta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in meta)
        {
            if (MetaProblem(key, value, dlp) is { } problem) problems[$"meta.{(key.Length <= LongestMetaKey ? key : key[..LongestMetaKey])}"] = [problem];
            else checkedMeta[key] = value!;
        }
        return checkedMeta;
    }

    private static string? MetaProblem(string key, string? value, DlpScreening dlp)
    {
        if (key.Length is 0 or > LongestMetaKey || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            return $"Keys are 1 to {LongestMetaKey} ASCII letters, digits, '_', '-' or '.'.";
        if (value is null || value.Length > LongestMetaValue || !StorableText.IsStorable(value))
            return $"Values are text of at most {LongestMetaValue} characters.";
        var scanned = dlp.Scan(value);
        if (!scanned.Succeeded) return "This value could not be checked for personal data, so it was not accepted.";
        if (scanned.Findings.Count == 0) return null;
        var found = string.Join(", ", scanned.Findings.Select(f => f.Type.ToWireName()).Distinct());
        return $"Looks like personal data or a secret ({found}); meta is stored as sent, so it must carry none.";
    }

    /// <summary>The client's <c>Prefer: wait=N</c>, capped; null when it did not ask to wait.</summary>
    private static TimeSpan? RequestedWait(HttpContext context)
    {
        foreach (var preference in context.Request.Headers["Prefer"].SelectMany(value => (value ?? "").Split(',')))
        {
            var parts = preference.Trim().Split('=', 2);
            if (parts is ["wait", var seconds] && int.TryParse(seconds, out var wait) && wait > 0)
                return TimeSpan.FromSeconds(Math.Min(wait, LongestWait.TotalSeconds));
        }
        return null;
    }

    /// <summary>The execution once it has an outcome or waits for people, or as it stands after <paramref name="patience"/>.</summary>
    private static async Task<ExecutionView?> SettledAsync(
        PortalUser user, Guid executionId, TimeSpan patience, ExecutionQueries queries, LiveFeed<ExecutionView> feed, CancellationToken cancellationToken)
    {
        var settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = feed.Subscribe(user.TenantId, batch =>
        {
            if (batch.Resync || batch.Items.Any(row => row.Id == executionId && IsSettled(row))) settled.TrySetResult();
            return Task.CompletedTask;
        });
        // Read after subscribing: an outcome that came in between is not missed.
        if (await queries.FindAsync(user, executionId, cancellationToken) is { } early && IsSettled(early)) return early;
        await Task.WhenAny(settled.Task, Task.Delay(patience, cancellationToken));
        return await queries.FindAsync(user, executionId, cancellationToken);
    }

    /// <summary>Nothing more happens without people: it has an outcome, or waits for an approval.</summary>
    private static bool IsSettled(ExecutionView execution) => execution.Status is not (ExecutionStatus.Requested or ExecutionStatus.Dispatched);

    private static async Task<IResult> HealthAsync(Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService health, HttpContext context,
        CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(Readiness.Tag), cancellationToken);
        context.Response.StatusCode = report.Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy ? 503 : 200;
        await Readiness.WriteAsync(context, report);
        return TypedResults.Empty;
    }
}

/// <summary>
/// The gateway's body: <c>{input, policy, meta}</c>. Unknown fields are refused, so a misspelt one is not silently
/// ignored. The agent's DLP policy always applies: a client's <c>policy.pii</c> can add redaction to it, never loosen it;
/// <c>meta</c> (text values only) is recorded on the execution.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record InvokeRequest(string? Input, InvokePolicy? Policy, Dictionary<string, string?>? Meta);

/// <param name="Pii">"mask", "replace" or "hash": how the personal data found in the input is written.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record InvokePolicy(string? Pii);

public sealed record InvokeAccepted(Guid ExecutionId, string Status, string StatusUrl, string CorrelationId);
