using System.Globalization;
using System.Text.Json;
using Econeura.Domain.Conversations;
using Econeura.Domain.Executions;
using Econeura.Portal.Features.Executions;

namespace Econeura.Portal.Features.Conversations;

public static class ConversationsModule
{
    public static void AddConversations(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(options => options
            .AddEventStream(Conversation.EventTypes, new ConversationViewProjection())
            .Index(x => x.OwnerId).Index(x => x.LastActivityAt));
        builder.Services.AddSingleton<ConversationQueries>();
        builder.Services.AddSingleton<ConversationOperations>();
    }

    public static void MapConversations(this WebApplication app)
    {
        var conversations = app.MapApi().MapGroup("/conversations").WithTags("Conversations").RequireAuthorization(Policies.User);
        conversations.MapPost("/", StartAsync).AcceptsLongText().AcceptsIdempotencyKey().WithName("StartConversation");
        conversations.MapPost("/{id:guid}/messages", SendAsync).AcceptsLongText().AcceptsIdempotencyKey().WithName("SendConversationMessage");
        conversations.MapGet("/", ListAsync).WithName("ListConversations");
        conversations.MapGet("/{id:guid}", GetAsync).WithName("GetConversation");
        conversations.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteConversation");
    }

    /// <summary>Starts a conversation; with an <c>Idempotency-Key</c>, a start sent again answers 200 with the first one's conversation.</summary>
    private static async Task<Results<Created<StartedConversation>, Ok<StartedConversation>, ValidationProblem, ProblemHttpResult>> StartAsync(
        StartConversationRequest request, PortalUser user, ConversationOperations operations, ConversationQueries queries, HttpContext context,
        CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        var idempotencyKey = IdempotencyKey.Read(context, problems);
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems, title: "The conversation was not started.");
        switch (await operations.StartAsync(user, request.AgentId, request.Message, cancellationToken, idempotencyKey))
        {
            case ConversationOutcome.Done { ExecutionId: { } turn } done:
                if (await queries.ThreadAsync(user, done.ConversationId, cancellationToken) is not { } thread)
                    return ApiProblems.NotFound("Conversation not found");
                var started = new StartedConversation(
                    done.ConversationId, thread.Conversation.Title, MessageResource.Of(thread.Turns.Single(t => t.Execution.Id == turn)));
                if (!done.Repeated) return TypedResults.Created($"/api/v1/conversations/{done.ConversationId}", started);
                IdempotencyKey.MarkReplayed(context);
                return TypedResults.Ok(started);
            case var other:
                return Refused<Results<Created<StartedConversation>, Ok<StartedConversation>, ValidationProblem, ProblemHttpResult>>(
                    other, user, context, v => v, p => p);
        }
    }

    /// <summary>Sends the next message; with an <c>Idempotency-Key</c>, a message sent again answers 202 with the first one's turn.</summary>
    private static async Task<Results<Accepted<LaunchedTurn>, ValidationProblem, ProblemHttpResult>> SendAsync(
        Guid id, SendMessageRequest request, PortalUser user, ConversationOperations operations, HttpContext context,
        CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        var idempotencyKey = IdempotencyKey.Read(context, problems);
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems, title: "The message was not sent.");
        switch (await operations.SendAsync(user, id, request.Message, cancellationToken, idempotencyKey))
        {
            case ConversationOutcome.Done { ExecutionId: { } turn } done:
                if (done.Repeated) IdempotencyKey.MarkReplayed(context);
                return TypedResults.Accepted($"/api/v1/executions/{turn}", new LaunchedTurn(turn));
            case var other:
                return Refused<Results<Accepted<LaunchedTurn>, ValidationProblem, ProblemHttpResult>>(other, user, context, v => v, p => p);
        }
    }

    /// <summary>The refusals of a command, alike for every endpoint: 400 per field, 403 for a spent budget, 404, 409, 422 for a reused key, 503.</summary>
    private static TResults Refused<TResults>(
        ConversationOutcome outcome, PortalUser user, HttpContext context, Func<ValidationProblem, TResults> invalid,
        Func<ProblemHttpResult, TResults> problem) =>
        outcome switch
        {
            ConversationOutcome.NotLaunched { Launch: LaunchResult.Backlogged backlog } => problem(ExecutionsModule.Backlogged(context, backlog)),
            ConversationOutcome.NotLaunched { Launch: LaunchResult.KeyReused } => problem(IdempotencyKey.Reused()),
            ConversationOutcome.NotLaunched { Launch: LaunchResult.Rejected { Budget: { } budget } } => problem(LaunchProblems.BudgetSpent(budget, user)),
            ConversationOutcome.NotLaunched { Launch: LaunchResult.Rejected rejected } => invalid(TypedResults.ValidationProblem(
                LaunchProblems.ToDictionary(rejected.Errors).ToDictionary(e => e.Key == "input" ? "message" : e.Key, e => e.Value),
                title: "The message was not sent.")),
            ConversationOutcome.Refused { Why: ConversationRefusal.TurnUnderWay } => problem(ApiProblems.Conflict("A turn is still under way",
                "The conversation's last message is still waiting for approval or for its answer; send the next one once it is over.")),
            _ => problem(ApiProblems.NotFound("Conversation not found")),
        };

    /// <summary>A page of the user's own conversations, latest activity first; the total is in <c>X-Total-Count</c>.</summary>
    private static async Task<Results<Ok<IEnumerable<ConversationResource>>, ValidationProblem>> ListAsync(
        PortalUser user, ConversationQueries queries, HttpContext context, string? q, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1) errors["page"] = ["1 or more."];
        if (pageSize is < 1 or > 100) errors["pageSize"] = ["From 1 to 100."];
        if (SearchText.IsTooLong(q)) errors["q"] = [$"At most {SearchText.MaxLength} characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The list was not read.");
        var found = await queries.PageAsync(user, q, page ?? 1, pageSize ?? ConversationQueries.PageSize, cancellationToken);
        context.Response.Headers["X-Total-Count"] = found.Total.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok(found.Rows.Select(row => new ConversationResource(
            row.Conversation.Id, row.Conversation.Title, row.Conversation.AgentId, row.Conversation.StartedAt, row.LastActivityAt, row.CostEur)));
    }

    private static async Task<Results<Ok<ThreadResource>, ProblemHttpResult>> GetAsync(
        Guid id, PortalUser user, ConversationQueries queries, CancellationToken cancellationToken) =>
        await queries.ThreadAsync(user, id, cancellationToken) is { } thread
            ? TypedResults.Ok(new ThreadResource(thread.Conversation.Id, thread.Conversation.Title, thread.Conversation.AgentId, thread.CostEur,
                [.. thread.Turns.SelectMany(MessageResource.Both)]))
            : ApiProblems.NotFound("Conversation not found");

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, PortalUser user, ConversationOperations operations, CancellationToken cancellationToken) =>
        await operations.DeleteAsync(user, id, cancellationToken) is ConversationOutcome.Done
            ? TypedResults.NoContent()
            : ApiProblems.NotFound("Conversation not found");
}

public sealed record StartConversationRequest(string? AgentId, string? Message);

public sealed record SendMessageRequest(string? Message);

public sealed record LaunchedTurn(Guid ExecutionId);

public sealed record StartedConversation(Guid Id, string Title, MessageResource Turn);

public sealed record ConversationResource(Guid Id, string Title, string AgentId, DateTimeOffset StartedAt, DateTimeOffset LastActivityAt, decimal CostEur);

public sealed record ThreadResource(Guid Id, string Title, string AgentId, decimal CostEur, IReadOnlyList<MessageResource> Messages);

/// <summary>One message of a thread: the user's (a turn's redacted input) or the agent's (its answer), with the turn's status and cost.</summary>
public sealed record MessageResource(string Role, string Text, string Status, Guid ExecutionId, decimal? CostEur)
{
    public static MessageResource Of(ThreadTurn turn) =>
        new("user", turn.Execution.RedactedInput, JsonNamingPolicy.CamelCase.ConvertName(turn.State.Phase.ToString()), turn.Execution.Id,
            turn.Execution.CostEur);

    /// <summary>The user's message, then the agent's answer once there is one.</summary>
    public static IEnumerable<MessageResource> Both(ThreadTurn turn)
    {
        yield return Of(turn);
        if (turn.Answer is { } answer) yield return Of(turn) with { Role = "agent", Text = answer };
    }
}
