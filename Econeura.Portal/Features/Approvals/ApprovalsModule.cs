using System.Diagnostics;
using Econeura.Domain.Approvals;
using Econeura.Portal.Features.Agents;

namespace Econeura.Portal.Features.Approvals;

public static class ApprovalsModule
{
    public static void AddApprovals(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(options => options
            .AddEventStream(Approval.EventTypes, new ApprovalViewProjection())
            .Index(x => x.ExecutionId).Index(x => x.Status).Index(x => x.ExpireAt).Index(x => x.DecidedAt));
        builder.Services.ConfigureMarten(options => options.Schema.For<Delegation>().Index(d => d.DelegateId).Index(d => d.Ends));
        builder.Services
            .AddSettingsDocument<RiskPolicySettings>()
            .AddSingleton<RiskPolicies>()
            .AddSingleton<ApprovalQueries>()
            .AddSingleton<ApprovalDesk>()
            .AddSingleton<DelegationBook>()
            .AddSingleton<ApprovalQueue>()
            .AddSingleton<AgentRunNeeds>()
            .AddSingleton<IAgentRunNeeds>(services => services.GetRequiredService<AgentRunNeeds>())
            .AddTransient<ApprovalDeadlinesJob>();
        // A deadline that passed while no server ran is handled at start, not at the next minute.
        builder.Services.AddJobAtStart<ApprovalDeadlinesJob>(job => job.SweepAsync(CancellationToken.None));
    }

    public static void MapApprovals(this WebApplication app)
    {
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ApprovalDeadlinesJob>(
            ApprovalDeadlinesJob.RecurringJobId, job => job.SweepAsync(CancellationToken.None), Cron.Minutely());

        var api = app.MapApi();
        var approvals = api.MapGroup("/approvals").WithTags("Approvals").RequireAuthorization(Policies.ApprovalDesk);
        approvals.MapGet("/", ListPendingAsync).WithName("ListPendingApprovals");
        approvals.MapGet("/{id:guid}", GetAsync).WithName("GetApproval");
        approvals.MapPost("/{id:guid}/decision", DecideAsync).WithName("DecideApproval");

        // POST /risk/evaluate screens a launch before it is made: Executions maps it, with the launch's own validation.
        var risk = api.MapGroup("/risk").WithTags("Risk");
        risk.MapGet("/policy", GetPolicyAsync).RequireAuthorization(Policies.Admin).WithName("GetRiskPolicy");
        risk.MapPut("/policy", SavePolicyAsync).RequireAuthorization(Policies.Admin).WithName("SaveRiskPolicy");
    }

    public const int MaxPageSize = 100;

    private static async Task<Results<Ok<ApprovalPage>, ValidationProblem>> ListPendingAsync(
        PortalUser user, ApprovalQueries queries, CancellationToken cancellationToken, int page = 1, int pageSize = 25)
    {
        if (page < 1 || pageSize is < 1 or > MaxPageSize)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [page < 1 ? "page" : "pageSize"] = [page < 1 ? "Pages start at 1." : $"Between 1 and {MaxPageSize}."],
            }, title: "Bad paging.");
        var (pending, total) = await queries.PendingAsync(user, page, pageSize, cancellationToken);
        return TypedResults.Ok(new ApprovalPage(pending.Select(ApprovalResource.From).ToList(), page, pageSize, total));
    }

    private static async Task<Results<Ok<ApprovalResource>, ProblemHttpResult>> GetAsync(
        Guid id, PortalUser user, ApprovalQueries queries, CancellationToken cancellationToken) =>
        await queries.FindAsync(user, id, cancellationToken) is { } view
            ? TypedResults.Ok(ApprovalResource.From(view))
            : ApiProblems.NotFound("Approval request not found");

    private static async Task<Results<Ok<ApprovalResource>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid id, DecisionRequest request, PortalUser user, ApprovalQueries queries, ApprovalDesk desk, CancellationToken cancellationToken)
    {
        if (!EnumNames.TryParse<ApprovalVerdict>(request.Decision, out var verdict))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["decision"] = ["Use approve or reject."] },
                title: "The decision was not recorded.");
        if (await queries.FindAsync(user, id, cancellationToken) is null) return ApiProblems.NotFound("Approval request not found");
        return await desk.DecideAsync(user, id, verdict, request.Reason, request.Version, request.PayloadHash, cancellationToken) switch
        {
            DecisionOutcome.Decided decided => TypedResults.Ok(ApprovalResource.From(decided.Approval)),
            DecisionOutcome.Refused { Why: ApprovalRefusal.ReasonRequired or ApprovalRefusal.ReasonTooLong or ApprovalRefusal.ReasonInvalid } refused =>
                TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [ApprovalProblems.Detail(refused.Why)] },
                    title: "The decision was not recorded."),
            DecisionOutcome.Refused { Why: ApprovalRefusal.OwnRequest or ApprovalRefusal.NotEscalatedYet } refused =>
                ApiProblems.Forbidden("You cannot decide this request", ApprovalProblems.Detail(refused.Why)),
            DecisionOutcome.Refused refused => ApiProblems.Conflict("The decision was not recorded", ApprovalProblems.Detail(refused.Why)),
            DecisionOutcome.Conflict conflict => ApiProblems.Conflict("Someone else decided first",
                $"The request changed while you decided; it is now {conflict.Approval.Status.ToString().ToLowerInvariant()} " +
                $"with {conflict.Approval.ApprovalCount} of {conflict.Approval.ApprovalsRequired} approvals. Read it again."),
            DecisionOutcome.NotFound => ApiProblems.NotFound("Approval request not found"),
            _ => throw new UnreachableException(),
        };
    }

    private static async Task<Ok<RiskPolicyResource>> GetPolicyAsync(PortalUser user, RiskPolicies policies, CancellationToken cancellationToken) =>
        TypedResults.Ok(RiskPolicyResource.From(await policies.GetAsync(user.TenantId, cancellationToken)));

    private static async Task<Results<Ok<RiskPolicyResource>, ValidationProblem, ProblemHttpResult>> SavePolicyAsync(
        SaveRiskPolicyRequest body, PortalUser user, RiskPolicies policies, CancellationToken cancellationToken)
    {
        var problems = body.Policy is null
            ? new Dictionary<string, string[]> { ["policy"] = ["The policy is missing."] }
            : body.Policy.Problems().ToDictionary(p => $"policy.{p.Key}", p => new[] { p.Value });
        if (body.Version is null) problems["version"] = [ApiProblems.VersionRequired];
        if (problems.Count > 0 || body.Policy is null || body.Version is not { } version)
            return TypedResults.ValidationProblem(problems, title: "The risk policy was not saved.");
        var document = new RiskPolicySettings { Policy = body.Policy, Version = version };
        if (!await policies.SaveAsync(user.TenantId, document, user, cancellationToken))
            return ApiProblems.Conflict("The risk policy was changed by someone else",
                $"Version {document.Version} is not the current one; read the policy again and reapply your change.");
        return TypedResults.Ok(RiskPolicyResource.From(await policies.GetAsync(user.TenantId, cancellationToken)));
    }
}

public sealed record DecisionRequest(string? Decision, string? Reason, long? Version = null, string? PayloadHash = null);

public sealed record EvaluateRequest(string? AgentId, string? Input);

public sealed record SaveRiskPolicyRequest(RiskPolicy? Policy, long? Version);

public sealed record ApprovalPage(IReadOnlyList<ApprovalResource> Items, long Page, long PageSize, long Total);

public sealed record ApprovalResource(
    Guid Id, Guid ExecutionId, long Version, string AgentId, string AgentName, string RequestedBy, string Input, string PayloadHash,
    RiskLevel Risk, IReadOnlyList<RiskReason> Reasons, decimal EstimatedCostEur, ApprovalStatus Status, int Approvals, int ApprovalsRequired,
    IReadOnlyList<string> ApprovedBy, bool Escalated, DateTimeOffset RequestedAt, DateTimeOffset EscalateAt, DateTimeOffset ExpireAt,
    string? RejectedBy, string? RejectionReason)
{
    public static ApprovalResource From(ApprovalView v) => new(
        v.Id, v.ExecutionId, v.Version, v.AgentId, v.AgentName, v.RequestedByName, v.RedactedInput, v.PayloadHash, v.Risk, v.Reasons,
        v.EstimatedCostEur, v.Status, v.ApprovalCount, v.ApprovalsRequired,
        v.Approvals.Where(a => a.PayloadHash == v.PayloadHash).Select(a => a.ApproverName).ToList(), v.Escalated,
        v.RequestedAt, v.EscalateAt, v.ExpireAt, v.RejectedBy, v.RejectionReason);
}

public sealed record RiskEvaluation(RiskLevel Risk, IReadOnlyList<RiskReason> Reasons, int ApprovalsRequired, string DlpAction, decimal EstimatedCostEur)
{
    public static RiskEvaluation From(Econeura.Domain.Approvals.Screening screening, PortalUser reader) => new(
        screening.Risk.Level, screening.Risk.AsSeenBy(reader).Reasons, screening.Risk.ApprovalsRequired,
        screening.Dlp.Decision.Action.ToString(), screening.EstimatedCostEur);
}

public sealed record RiskPolicyResource(RiskPolicy Policy, long? Version, string? UpdatedBy = null, DateTimeOffset? UpdatedAt = null)
{
    public static RiskPolicyResource From(RiskPolicySettings settings) => new(settings.Policy, settings.Version, settings.UpdatedBy, settings.UpdatedAt);
}

/// <summary>The API's words for a refused decision.</summary>
public static class ApprovalProblems
{
    public static string Detail(ApprovalRefusal why) => why switch
    {
        ApprovalRefusal.OwnRequest => "Four-eyes: nobody decides on their own request.",
        ApprovalRefusal.NotEscalatedYet => "Admins decide only requests that have escalated past their first deadline.",
        ApprovalRefusal.NotPending => "The request is already decided.",
        ApprovalRefusal.AlreadyApprovedByYou => "You have already approved this request; it needs another approver.",
        ApprovalRefusal.PayloadChanged => "What will be sent changed since you read it; read it again.",
        ApprovalRefusal.DeadlinePassed => "The request's deadline passed; it expires and cannot be approved.",
        ApprovalRefusal.ReasonRequired => "A rejection needs a reason the requester can read.",
        ApprovalRefusal.ReasonTooLong => $"At most {ApprovalDecisions.MaxReasonLength} characters.",
        ApprovalRefusal.ReasonInvalid => "The reason contains characters that cannot be stored (NUL or a broken surrogate pair).",
        _ => why.ToString(),
    };
}
