using Econeura.Domain.Executions;
using Econeura.Portal.Features.Identity;
using Econeura.Portal.Infrastructure;
using Hangfire;
using Marten;
using JasperFx.Events.Projections;

namespace Econeura.Portal.Features.Executions;

public static class ExecutionsModule
{
    public static void AddExecutions(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(options =>
        {
            options.Events.AddEventTypes([
                typeof(ExecutionRequested), typeof(ExecutionDispatched), typeof(AgentResponded),
                typeof(DispatchFailed), typeof(ExecutionCompleted), typeof(ExecutionFailed),
                typeof(ExecutionBlocked), typeof(ApprovalRequired),
            ]);
            options.Projections.Add<ExecutionViewProjection>(ProjectionLifecycle.Inline);
            options.Schema.For<ExecutionView>().Index(x => x.RequestedBy).Index(x => x.RequestedAt).Index(x => x.LastChangedAt);
        });
        builder.Services.AddSingleton<ExecutionLauncher>();
        builder.Services.AddSingleton<ExecutionQueries>();
        builder.Services.AddTransient<DispatchExecutionJob>();
        builder.Services.AddTransient<RequeueStalledExecutionsJob>();
        if (builder.Configuration.GetValue<bool>("Econeura:SeedDemoHistory"))
            builder.Services.AddHostedService<DemoHistorySeeder>();
    }

    public static void MapExecutions(this WebApplication app)
    {
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<RequeueStalledExecutionsJob>(
            RequeueStalledExecutionsJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());

        var executions = app.MapApi().MapGroup("/executions").WithTags("Executions").RequireAuthorization(Policies.User);

        executions.MapPost("/", async (LaunchRequest request, HttpContext context, ExecutionLauncher launcher, ExecutionQueries queries, CancellationToken cancellationToken) =>
            {
                var user = PortalUser.Require(context.User);
                var result = await launcher.LaunchAsync(user, request.AgentId, request.Input, cancellationToken);
                if (!result.Launched) return Results.ValidationProblem(LaunchProblems.ToDictionary(result.Errors), title: "The execution was not launched.");
                var view = await queries.FindAsync(user, result.ExecutionId!.Value, cancellationToken);
                return Results.Created($"/api/v1/executions/{result.ExecutionId}", ExecutionResource.From(view!));
            })
            .WithName("LaunchExecution")
            .ProducesValidationProblem()
            .Produces<ExecutionResource>(StatusCodes.Status201Created);

        executions.MapGet("/", async (HttpContext context, ExecutionQueries queries, CancellationToken cancellationToken) =>
                TypedResults.Ok((await queries.ListAsync(PortalUser.Require(context.User), cancellationToken)).Select(ExecutionResource.From)))
            .WithName("ListExecutions");

        executions.MapGet("/{id:guid}", async (Guid id, HttpContext context, ExecutionQueries queries, CancellationToken cancellationToken) =>
                await queries.FindAsync(PortalUser.Require(context.User), id, cancellationToken) is { } view
                    ? Results.Ok(ExecutionResource.From(view))
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Execution not found"))
            .WithName("GetExecution")
            .Produces<ExecutionResource>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
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
    IReadOnlyList<TimelineEntry> Timeline)
{
    public static ExecutionResource From(ExecutionView view) => new(
        view.Id, view.AgentId, view.AgentName, view.Status.ToString(), view.RequestedByName, view.RequestedAt, view.FinishedAt,
        view.RedactedInput, view.Output, view.FailureReason, view.CostEur, view.CorrelationId, view.Timeline);
}

/// <summary>The API's wording of launch errors, keyed by the request field they concern.</summary>
public static class LaunchProblems
{
    public static Dictionary<string, string[]> ToDictionary(IEnumerable<LaunchError> errors) =>
        errors.GroupBy(Field).ToDictionary(g => g.Key, g => g.Select(Message).ToArray());

    private static string Field(LaunchError error) => error is LaunchError.UnknownAgent or LaunchError.AgentDisabled ? "agentId" : "input";

    private static string Message(LaunchError error) => error switch
    {
        LaunchError.UnknownAgent => "No agent with this id exists in your catalog.",
        LaunchError.AgentDisabled => "This agent is disabled.",
        LaunchError.EmptyInput => "The input is empty.",
        LaunchError.InputTooLong => $"The input is longer than {ExecutionDecisions.MaxInputLength} characters.",
        _ => error.ToString(),
    };
}
