using JasperFx.Events.Projections;
using System.Diagnostics;
using Econeura.Domain.Executions;
using Econeura.Domain.FinOps;
using Econeura.Portal.Features.Agents;
using Econeura.Portal.Features.Work;
using Econeura.Portal.Features.Approvals;
using Econeura.Portal.Features.Dispatch;
using Econeura.Portal.Features.FinOps;
using Econeura.Portal.Features.Search;

namespace Econeura.Portal.Features.Executions;

public static class ExecutionsModule
{
    public static void AddExecutions(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(options =>
        {
            options.AddEventStream(Execution.EventTypes, new ExecutionViewProjection())
                .Index(x => x.LastChangedAt).Index(x => x.Status);
            ExecutionListColumns.Configure(options);
            options.Projections.Add(new DispatchQueueProjection(), ProjectionLifecycle.Inline);
            options.Projections.Add(new RunEndProjection(), ProjectionLifecycle.Inline);
        });
        builder.Services.ConfigureMarten((services, options) =>
            options.Listeners.Add(new WakeDispatcher(services.GetRequiredService<DispatchSignal>())));
        builder.Services.AddSingleton<LaunchScreening>();
        builder.Services.AddSingleton<ExecutionLauncher>();
        builder.Services.AddSingleton<ExecutionQueries>();
        builder.Services.AddSingleton<ISearchSource, ExecutionSearchSource>();
        builder.Services.AddSingleton<IApprovalSettlement, ExecutionApprovalSettlement>();
        builder.Services.AddSingleton<ExecutionPanels>();
        builder.Services.AddSingleton<IApprovalWorkTimeline>(services => services.GetRequiredService<ExecutionPanels>());
        builder.Services.AddSingleton<ILiveCosts>(services => services.GetRequiredService<ExecutionPanels>());
        builder.Services.AddSingleton<ExecutionOperations>();
        builder.Services.AddSingleton<ExecutionAttention>();
        builder.Services.AddSingleton<CallTermsReader>();
        builder.Services.AddTransient<DispatchExecutionJob>();
        builder.Services.AddTransient<IDispatchWorker, DispatchExecutionJob>();
        builder.Services.AddHostedService<QueueWaitingExecutions>();
        if (builder.Configuration.GetValue<bool>("Econeura:SeedDemoHistory"))
            builder.Services.AddHostedService<DemoHistorySeeder>();
    }

    public static void MapExecutions(this WebApplication app)
    {
        var executions = app.MapApi().MapGroup("/executions").WithTags("Executions").RequireAuthorization(Policies.User);
        executions.MapPost("/", LaunchAsync).AcceptsLongText().AcceptsIdempotencyKey().WithName("LaunchExecution");
        executions.MapGet("/", ListAsync).WithName("ListExecutions");
        executions.MapGet("/{id:guid}", GetAsync).WithName("GetExecution");
        executions.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelExecution");
        // Ends a call under way; the partial answer is recorded, stopped and charged, by the process making the call.
        executions.MapPost("/{id:guid}/stop", StopAsync).WithName("StopExecution");
        // Admins retry any failed run; a requester their own, when the domain lets them (ExecutionOperations).
        executions.MapPost("/{id:guid}/retry", RetryAsync).WithName("RetryExecution");
        app.MapApi().MapGroup("/risk").WithTags("Risk")
            .MapPost("/evaluate", EvaluateAsync).AcceptsLongText().RequireAuthorization(Policies.User).WithName("EvaluateRisk");
    }

    /// <summary>What a launch would meet (risk, approvals, DLP, estimate), checked like the launch itself; nothing is recorded.</summary>
    private static async Task<Results<Ok<RiskEvaluation>, ValidationProblem>> EvaluateAsync(
        EvaluateRequest request, PortalUser user, AgentCatalog catalog, LaunchScreening screening, CancellationToken cancellationToken)
    {
        var agent = await catalog.FindAsync(user.TenantId, request.AgentId, cancellationToken);
        var errors = ExecutionDecisions.Validate(agent, request.Input);
        if (agent is null || request.Input is null || errors.Count > 0)
            return TypedResults.ValidationProblem(LaunchProblems.ToDictionary(errors), title: "The request could not be evaluated.");
        return TypedResults.Ok(RiskEvaluation.From(await screening.ScreenAsync(user, agent, request.Input, cancellationToken), user));
    }

    private static async Task<Results<Ok<ExecutionResource>, ProblemHttpResult>> CancelAsync(
        Guid id, PortalUser user, ExecutionOperations operations, CancellationToken cancellationToken) =>
        Answer(await operations.CancelAsync(user, id, cancellationToken));

    private static async Task<Results<Ok<ExecutionResource>, ProblemHttpResult>> StopAsync(
        Guid id, PortalUser user, ExecutionOperations operations, CancellationToken cancellationToken) =>
        Answer(await operations.StopAsync(user, id, cancellationToken));

    private static async Task<Results<Ok<ExecutionResource>, ProblemHttpResult>> RetryAsync(
        Guid id, PortalUser user, ExecutionOperations operations, CancellationToken cancellationToken) =>
        Answer(await operations.RetryAsync(user, id, cancellationToken));

    private static Results<Ok<ExecutionResource>, ProblemHttpResult> Answer(OperationOutcome outcome) => outcome switch
    {
        OperationOutcome.Done done => TypedResults.Ok(ExecutionResource.From(done.Execution)),
        OperationOutcome.Refused { Why: OperationRefusal.BudgetExhausted } => ApiProblems.Forbidden("The budget is spent",
            "This month's budget stops new spending; finance can raise it before a retry."),
        OperationOutcome.Refused { Why: OperationRefusal.NotCancellable } => ApiProblems.Conflict("The execution cannot be cancelled",
            "Only an execution still waiting for a worker or for approval can be cancelled."),
        OperationOutcome.Refused { Why: OperationRefusal.NotStoppable } => ApiProblems.Conflict("The execution cannot be stopped",
            "Only a call under way can be stopped, by its requester or an admin."),
        OperationOutcome.Refused { Why: OperationRefusal.ForAnAdmin } => ApiProblems.Conflict("Only an admin can retry this execution",
            "Its failure, or the agent's data policy since, needs an admin's look before it is sent again."),
        OperationOutcome.Refused => ApiProblems.Conflict("The execution cannot be retried",
            "Only a failed execution, or one waiting for a worker, can be sent again."),
        OperationOutcome.Conflict => ApiProblems.Conflict("The execution changed at the same moment", "Read it again and decide again."),
        _ => ApiProblems.NotFound("Execution not found"),
    };

    /// <summary>
    /// Launches an execution. With an <c>Idempotency-Key</c>, a launch sent again with the same key answers 200 with the
    /// execution the first one opened (<c>Idempotent-Replayed: true</c>), and 422 when the key was used for another request.
    /// </summary>
    private static async Task<Results<Created<ExecutionResource>, Ok<ExecutionResource>, ValidationProblem, ProblemHttpResult>> LaunchAsync(
        LaunchRequest request, PortalUser user, ExecutionLauncher launcher, ExecutionQueries queries, HttpContext context,
        CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        var idempotencyKey = IdempotencyKey.Read(context, problems);
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems, title: "The execution was not launched.");
        switch (await launcher.LaunchAsync(user, request.AgentId, request.Input, cancellationToken, idempotencyKey: idempotencyKey))
        {
            case LaunchResult.Backlogged backlog:
                return Backlogged(context, backlog);
            case LaunchResult.KeyReused:
                return IdempotencyKey.Reused();
            case LaunchResult.Rejected { Budget: { } budget }:
                return LaunchProblems.BudgetSpent(budget, user);
            case LaunchResult.Rejected rejected:
                return TypedResults.ValidationProblem(LaunchProblems.ToDictionary(rejected.Errors), title: "The execution was not launched.");
            case LaunchResult.Launched launched:
                // Read back through the projection so the answer is exactly what GET returns.
                if (await queries.FindAsync(user, launched.ExecutionId, cancellationToken) is not { } view) return ApiProblems.NotFound("Execution not found");
                if (!launched.Repeated) return TypedResults.Created($"/api/v1/executions/{view.Id}", ExecutionResource.From(view));
                IdempotencyKey.MarkReplayed(context);
                return TypedResults.Ok(ExecutionResource.From(view));
            default:
                throw new UnreachableException();
        }
    }

    public static ProblemHttpResult Backlogged(HttpContext context, LaunchResult.Backlogged backlog)
    {
        var seconds = (int)Math.Ceiling(backlog.RetryAfter.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Too many executions are waiting",
            detail: $"Your organisation has {backlog.Queued} executions waiting for a worker; nothing was launched. Try again in {seconds} s.");
    }

    /// <summary>
    /// A page of the executions the user may see (newest first unless sorted), filtered by status, agent, day range (UTC days)
    /// and words of the agent, the requester or the redacted text in and out; the total and the neighbouring pages are in <c>X-Total-Count</c> and <c>Link</c>.
    /// </summary>
    private static async Task<Results<Ok<IEnumerable<ExecutionResource>>, ValidationProblem>> ListAsync(
        PortalUser user, ExecutionQueries queries, AgentCatalog catalog, HttpContext context, string? status, string? agent, string? from, string? to,
        string? q, string? sort, string? dir, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !EnumNames.TryParse<ExecutionStatus>(status, out _))
            errors["status"] = [$"One of: {string.Join(", ", Enum.GetNames<ExecutionStatus>())}."];
        if (from is not null && ExecutionListQuery.Day(from) is null) errors["from"] = ["A day as yyyy-MM-dd."];
        if (to is not null && ExecutionListQuery.Day(to) is null) errors["to"] = ["A day as yyyy-MM-dd."];
        if (sort is not null && !EnumNames.TryParse<ExecutionSort>(sort, out _))
            errors["sort"] = [$"One of: {string.Join(", ", Enum.GetNames<ExecutionSort>())}."];
        if (dir is not null and not ("asc" or "desc")) errors["dir"] = ["asc or desc."];
        if (page is < 1) errors["page"] = ["1 or more."];
        if (pageSize is < 1 or > ExecutionQueries.ApiListSize) errors["pageSize"] = [$"From 1 to {ExecutionQueries.ApiListSize}."];
        if (SearchText.IsTooLong(q)) errors["q"] = [$"At most {SearchText.MaxLength} characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The list was not read.");

        if (agent is { Length: > 100 }) errors["agent"] = ["An agent id of at most 100 characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The list was not read.");
        var query = ExecutionListQuery.FromAddress(q, status, from, to, sort, dir, page?.ToString(System.Globalization.CultureInfo.InvariantCulture))
            with { AgentId = string.IsNullOrWhiteSpace(agent) ? null : agent.Trim() };
        var size = pageSize ?? ExecutionQueries.ApiListSize;
        var found = await queries.PageAsync(user, query, await catalog.NamesAsync(user.TenantId, cancellationToken), TimeZoneInfo.Utc, size, cancellationToken);
        context.Response.Headers["X-Total-Count"] = found.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var links = new List<string>();
        if (found.HasPrevious) links.Add($"<{PageLink(context, found.Page - 1)}>; rel=\"prev\"");
        if (found.HasNext) links.Add($"<{PageLink(context, found.Page + 1)}>; rel=\"next\"");
        if (links.Count > 0) context.Response.Headers.Link = string.Join(", ", links);
        return TypedResults.Ok(found.Rows.Select(ExecutionResource.From));
    }

    private static string PageLink(HttpContext context, int page)
    {
        var parameters = context.Request.Query.Where(p => p.Key != "page").ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        parameters["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(context.Request.Path, parameters);
    }

    private static async Task<Results<Ok<ExecutionResource>, ProblemHttpResult>> GetAsync(
        Guid id, PortalUser user, ExecutionQueries queries, CancellationToken cancellationToken) =>
        await queries.FindAsync(user, id, cancellationToken) is { } view
            ? TypedResults.Ok(ExecutionResource.From(view))
            : ApiProblems.NotFound("Execution not found");
}

public sealed record LaunchRequest(string? AgentId, string? Input);

public sealed record ExecutionResource(
    Guid Id,
    string AgentId,
    string AgentName,
    string Status,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? FinishedAt,
    string Input,
    string? Output,
    string? FailureReason,
    decimal? CostEur,
    string CorrelationId,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyDictionary<string, string>? Meta = null)
{
    public static ExecutionResource From(ExecutionView view) => new(
        view.Id, view.AgentId, view.AgentName, view.Status.ToString(), view.RequestedByName, view.RequestedAt, view.FinishedAt,
        view.RedactedInput, view.Output, view.FailureReason, view.CostEur, view.CorrelationId, view.Timeline, view.Meta);
}

/// <summary>The API's wording of launch errors, keyed by the request field they concern.</summary>
public static class LaunchProblems
{
    public static Dictionary<string, string[]> ToDictionary(IEnumerable<LaunchError> errors) =>
        errors.GroupBy(Field).ToDictionary(g => g.Key, g => g.Select(Message).ToArray());

    /// <summary>
    /// A launch the budget's policy stops: refused (403), not a mistake in the request, on every path that launches. The
    /// spend and the limit are told only to those who may read budgets.
    /// </summary>
    public static ProblemHttpResult BudgetSpent(BudgetStanding budget, PortalUser reader) => ApiProblems.Forbidden("The budget is spent",
        $"This month, {Econeura.Domain.FinOps.BudgetRule.OwnerInEnglish(budget.Scope, budget.OwnerName)} budget " +
        $"is spent{(reader.Meets(Policies.FinOps) ? $" ({budget.SpentEur:0.00} of {budget.LimitEur:0.00} EUR)" : "")} and its policy stops new executions; " +
        "finance can raise it.");

    private static string Field(LaunchError error) => error is LaunchError.UnknownAgent or LaunchError.AgentDisabled ? "agentId" : "input";

    private static string Message(LaunchError error) => error switch
    {
        LaunchError.UnknownAgent => "No agent with this id exists in your catalog.",
        LaunchError.AgentDisabled => "This agent is disabled.",
        LaunchError.EmptyInput => "The input is empty.",
        LaunchError.InputTooLong => $"The input is longer than {ExecutionDecisions.MaxInputLength} characters.",
        LaunchError.InvalidCharacters => "The input contains characters that cannot be stored (NUL or a broken surrogate pair).",
        _ => error.ToString(),
    };
}
