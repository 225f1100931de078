using Econeura.Domain.Dlp;
using Econeura.Portal.Features.Agents;
using Econeura.Portal.Features.Agents.Routing;

namespace Econeura.Portal.Features.Dlp;

public static class DlpModule
{
    public const int MaxScanLength = 100_000;

    public static void AddDlp(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DlpOptions>().BindConfiguration("Dlp")
            .Validate(o => string.IsNullOrEmpty(o.HashKey) || IsBase64Key(o.HashKey), "Dlp:HashKey must be base64 of at least 16 bytes.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DlpScreening>();
        builder.Services.AddSingleton<IPersonalDataMask>(services => services.GetRequiredService<DlpScreening>());
        builder.Services.AddSingleton<AgentDlpPolicies>();
        builder.Services.AddSettingsDocument<AgentDlpPolicy>();
        builder.Services.AddHostedService<DlpWarmup>();
    }

    private static bool IsBase64Key(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) && written >= 16;
    }

    public static void MapDlp(this WebApplication app)
    {
        var api = app.MapApi();
        api.MapPost("/dlp/scan", Scan).AcceptsLongText().RequireAuthorization(Policies.User).WithName("ScanText").WithTags("DLP");

        var policies = api.MapGroup("/agents/{agentId}/dlp-policy").WithTags("DLP").RequireAuthorization(Policies.Admin);
        policies.MapGet("/", GetPolicyAsync).WithName("GetAgentDlpPolicy");
        policies.MapPut("/", SavePolicyAsync).WithName("SaveAgentDlpPolicy");
    }

    private static Results<Ok<ScanResponse>, ValidationProblem, ProblemHttpResult> Scan(ScanRequest request, DlpScreening screening)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Text)) errors["text"] = ["The text is empty."];
        else if (request.Text.Length > MaxScanLength) errors["text"] = [$"The text is longer than {MaxScanLength} characters."];
        if (!Redactor.TryParseOperator(request.Operator ?? "replace", out var redaction)) errors["operator"] = ["Use mask, replace or hash."];
        if (request.Text is null || errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The text was not scanned.");

        var outcome = screening.Scan(request.Text);
        if (!outcome.Succeeded)
            return ApiProblems.Unavailable("The scan did not finish",
                "The text needed more scanning than its length allows (or the scan failed); nothing was redacted or returned.");
        var result = screening.Redact(request.Text, outcome.Findings, redaction);
        return TypedResults.Ok(new ScanResponse(result.Redacted, outcome.Findings.Select(FindingResource.From).ToList()));
    }

    private static async Task<Results<Ok<PolicyResource>, ProblemHttpResult>> GetPolicyAsync(
        string agentId, PortalUser user, AgentCatalog catalog, AgentDlpPolicies store, CancellationToken cancellationToken) =>
        await catalog.FindAsync(user.TenantId, agentId, cancellationToken) is null
            ? ApiProblems.NotFound("Agent not found")
            : TypedResults.Ok(PolicyResource.From(await store.GetAsync(user.TenantId, agentId, cancellationToken)));

    private static async Task<Results<Ok<PolicyResource>, ValidationProblem, ProblemHttpResult>> SavePolicyAsync(
        string agentId, PolicyResource body, PortalUser user, AgentCatalog catalog, AgentDlpPolicies store, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(user.TenantId, agentId, cancellationToken) is null) return ApiProblems.NotFound("Agent not found");
        var valid = body.TryToDocument(agentId, out var document, out var errors);
        if (body.Version is null) errors["version"] = [ApiProblems.VersionRequired];
        if (!valid || body.Version is not { } version) return TypedResults.ValidationProblem(errors, title: "The policy was not saved.");
        document.Version = version;
        if (!await store.SaveAsync(user.TenantId, document, user, cancellationToken))
            return ApiProblems.Conflict("The policy was changed by someone else",
                $"Version {document.Version} is not the current one; read the policy again and reapply your change.");
        return TypedResults.Ok(PolicyResource.From(await store.GetAsync(user.TenantId, agentId, cancellationToken)));
    }
}

public sealed record ScanRequest(string? Text, string? Operator);

public sealed record FindingResource(string Type, int Start, int Length, double Score)
{
    public static FindingResource From(Finding finding) => new(finding.Type.ToWireName(), finding.Start, finding.Length, finding.Score);
}

public sealed record ScanResponse(string Redacted, IReadOnlyList<FindingResource> Findings);

/// <summary>A policy on the wire: actions as "allow", "redact", "requireApproval" or "block", overrides keyed by entity type.</summary>
public sealed record PolicyResource(string DefaultAction, Dictionary<string, string>? Overrides, long? Version = null)
{
    public static PolicyResource From(AgentDlpPolicy policy) => new(
        Name(policy.DefaultAction),
        policy.Overrides.ToDictionary(o => o.Key.ToWireName(), o => Name(o.Value)),
        policy.Version);

    private static string Name(DlpAction action) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(action.ToString());

    public bool TryToDocument(string agentId, out AgentDlpPolicy document, out Dictionary<string, string[]> errors)
    {
        errors = [];
        document = new AgentDlpPolicy { Id = agentId };
        if (EnumNames.TryParse<DlpAction>(DefaultAction, out var fallback)) document.DefaultAction = fallback;
        else errors["defaultAction"] = ["Use allow, redact, requireApproval or block."];
        foreach (var (type, action) in Overrides ?? [])
        {
            if (!EntityTypeExtensions.TryParseWireName(type, out var entity)) errors[$"overrides.{type}"] = ["Unknown entity type."];
            else if (!EnumNames.TryParse<DlpAction>(action, out var parsed)) errors[$"overrides.{type}"] = ["Use allow, redact, requireApproval or block."];
            else document.Overrides[entity] = parsed;
        }
        return errors.Count == 0;
    }
}
