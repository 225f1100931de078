using System.Diagnostics;
using System.Globalization;
using Econeura.Portal.Infrastructure.Egress;
using Econeura.Portal.Resources;
using JasperFx.Events.Projections;
using Microsoft.Extensions.Localization;
using Econeura.Portal.Features.Agents;
using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

public static class FinOpsModule
{
    public static void AddFinOps(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FinOpsOptions>().BindConfiguration("FinOps")
            .Validate(o => FinOpsOptions.IsKnownZone(o.TimeZone), "FinOps:TimeZone must be an IANA time zone such as Europe/Madrid.")
            .Validate(o => new BudgetRule(BudgetRule.TenantScope, o.DefaultBudgetEur, o.DefaultThresholdsPercent, o.DefaultAtLimit).Problems().Count == 0,
                "FinOps:DefaultBudgetEur must be positive and FinOps:DefaultThresholdsPercent 1 to 10 distinct percentages.")
            .ValidateOnStart();
        if (builder.Configuration.GetSection("FinOps:AlertWebhook").GetChildren().Any(setting => !string.IsNullOrWhiteSpace(setting.Value)))
            throw new InvalidOperationException(
                "FinOps:AlertWebhook no longer works: it posted every tenant's budget alerts to one address. Each tenant's finance " +
                "staff set their own alert channels on /finance/budgets (or PUT /api/v1/budgets/alert-channels), a channel's secret " +
                "named from Secrets:Tenants:<tenant id>:<name>. Remove FinOps:AlertWebhook. See docs/finops.md.");
        builder.Services.ConfigureMarten(options =>
        {
            options.Events.AddEventTypes([
                typeof(CostRecorded), typeof(BudgetThresholdCrossed), typeof(BudgetThresholdsCleared), typeof(BudgetAlertSending),
                typeof(BudgetAlertDelivered), typeof(BudgetAlertDeliveryFailed), typeof(BudgetAlertOutcomeUnknown), typeof(SpendAnomalyFlagged),
                typeof(SpendBackToNormal),
            ]);
            options.Projections.Add(new SpendProjection(), ProjectionLifecycle.Inline);
            options.Projections.Add<BudgetAlertViewProjection>(ProjectionLifecycle.Inline);
            options.Storage.ExtendedSchemaObjects.AddRange(SpendProjection.Schema());
            options.Storage.ExtendedSchemaObjects.AddRange(BudgetReservations.Schema());
            options.Storage.ExtendedSchemaObjects.Add(new SpendCostPrecision());
            options.Schema.For<BudgetAlertView>().Index(x => x.Month).Index(x => x.LastAlertAt);
            options.Schema.For<PriceRuleDocument>().Index(x => x.Key);
        });
        builder.Services
            .AddCachedSettings<PriceRuleDocument>()
            .AddSettingsDocument<BudgetSettings>()
            .AddSettingsDocument<TenantFinOpsSettings>()
            .AddSettingsDocument<AlertChannelSettings>()
            .AddSingleton<AlertChannels>()
            .AddSingleton<BudgetMonthStream>()
            .AddSingleton<FinOpsSettingsStore>()
            .AddSingleton<PriceTable>()
            .AddSingleton<SpendQueries>()
            .AddSingleton<SpendAnomalyReport>()
            .AddSingleton<BudgetStandings>()
            .AddSingleton<BudgetReservations>()
            .AddSingleton<BudgetReport>()
            .AddSingleton<BudgetMonitor>()
            .AddSingleton<BudgetAlertsInbox>()
            .AddTransient<CheckBudgetsJob>()
            .AddTransient<DeliverBudgetAlertJob>();
        // Through the tenant's egress pool, like agent calls; and no client logs: a channel's address may be its credential.
        builder.Services.AddHttpClient(DeliverBudgetAlertJob.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<EgressConnections>().Handler())
            .RemoveAllLoggers();
        // A crossing missed after a crash is raised at start, not at the next periodic check.
        builder.Services.AddJobAtStart<CheckBudgetsJob>(job => job.RunAsync(CancellationToken.None));
    }

    public static void MapFinOps(this WebApplication app)
    {
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<CheckBudgetsJob>(
            CheckBudgetsJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), "*/5 * * * *");

        var api = app.MapApi();
        api.MapGet("/costs", CostsAsync).RequireAuthorization(Policies.Finance).WithName("GetCosts").WithTags("FinOps");
        var budgets = api.MapGroup("/budgets").WithTags("FinOps").RequireAuthorization(Policies.FinOps);
        budgets.MapGet("/", BudgetsAsync).WithName("ListBudgets");
        budgets.MapPut("/{scope}", SaveBudgetAsync).WithName("SaveBudget");
        budgets.MapDelete("/{scope}", RemoveBudgetAsync).WithName("RemoveBudget");
        budgets.MapGet("/alert-channels", AlertChannelsAsync).WithName("GetAlertChannels");
        budgets.MapPut("/alert-channels", SaveAlertChannelsAsync).WithName("SaveAlertChannels");
        var prices = api.MapGroup("/prices").WithTags("FinOps").RequireAuthorization(Policies.FinOps);
        prices.MapGet("/", PricesAsync).WithName("ListPrices");
        prices.MapPost("/", AddPriceAsync).WithName("AddPrice");

        // The export is a download from the finance page, so it takes the page's sign-in cookie, not a bearer token.
        // The finance page's download (signed-in browser), not an API operation.
        app.MapGet("/finance/export.csv", ExportAsync).RequireAuthorization(Policies.Finance).ExcludeFromDescription();
    }

    private static async Task<Results<Ok<SpendSummary>, ValidationProblem>> CostsAsync(
        PortalUser user, SpendQueries spend, FinOpsSettingsStore settings, string? from, string? to, string? department, string? agent, string? costCentre,
        CancellationToken cancellationToken)
    {
        if (ParseFilter(from, to, department, agent, costCentre) is not { } filter || filter.Problems() is { Count: > 0 })
            return TypedResults.ValidationProblem(FilterProblems(from, to, department, agent, costCentre), title: "The costs could not be read.");
        return TypedResults.Ok(await spend.SummaryAsync(user.TenantId, filter, await settings.TodayAsync(user.TenantId, cancellationToken), cancellationToken));
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem>> ExportAsync(
        HttpContext context, PortalUser user, SpendQueries spend, IStringLocalizer<Strings> l, string? from, string? to, string? department, string? agent,
        string? costCentre, CancellationToken cancellationToken)
    {
        if (ParseFilter(from, to, department, agent, costCentre) is not { } filter || filter.Problems() is { Count: > 0 })
            return TypedResults.ValidationProblem(FilterProblems(from, to, department, agent, costCentre), title: "The costs could not be exported.");
        await SpendExport.WriteAsync(context, user, spend, filter, l, cancellationToken);
        return TypedResults.Empty;
    }

    private static SpendFilter? ParseFilter(string? from, string? to, string? department, string? agent, string? costCentre) =>
        DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
        && DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last)
        && (department is null || Econeura.Domain.Agents.Departments.All.Contains(department))
        && (agent is null || agent.Length <= 100)
        && (costCentre is null || CostCentre.Check(costCentre) is null)
            ? new SpendFilter(first, last, department, agent, CostCentre.Normalize(costCentre))
            : null;

    private static Dictionary<string, string[]> FilterProblems(string? from, string? to, string? department, string? agent, string? costCentre)
    {
        var problems = new Dictionary<string, string[]>();
        if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            problems["from"] = ["A day as yyyy-MM-dd."];
        if (!DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last))
            problems["to"] = ["A day as yyyy-MM-dd."];
        else if (problems.Count == 0) foreach (var (field, messages) in new SpendFilter(first, last).Problems()) problems[field] = messages;
        if (department is not null && !Econeura.Domain.Agents.Departments.All.Contains(department)) problems["department"] = ["Unknown department."];
        if (agent is { Length: > 100 }) problems["agent"] = ["At most 100 characters."];
        if (costCentre is not null && CostCentre.Check(costCentre) is { } problem) problems["costCentre"] = [CostCentre.InEnglish(problem)];
        return problems;
    }

    private static async Task<Ok<IReadOnlyList<BudgetStatus>>> BudgetsAsync(PortalUser user, BudgetReport report, CancellationToken cancellationToken) =>
        TypedResults.Ok(await report.StatusAsync(user.TenantId, cancellationToken));

    /// <summary>
    /// Sets a budget: the company's or a department's (they always exist), or a person's (<c>person:&lt;user id&gt;</c>) or an
    /// agent's of the catalog (<c>agent:&lt;agent id&gt;</c>), created by a save at version 0.
    /// </summary>
    private static async Task<Results<Ok<BudgetStatus>, ValidationProblem, ProblemHttpResult>> SaveBudgetAsync(
        string scope, SaveBudgetRequest body, PortalUser user, FinOpsSettingsStore settings, BudgetReport report, AgentCatalog catalog, SpendQueries spend,
        CancellationToken cancellationToken)
    {
        if (BudgetScope.Parse(scope) is not { } owner) return UnknownBudget();
        if (owner.Kind == BudgetOwnerKind.Agent && await catalog.FindAsync(user.TenantId, owner.Id, cancellationToken) is null)
            return ApiProblems.NotFound("No such agent", $"The catalog has no agent '{owner.Id}'.");
        var named = EnumNames.TryParse<BudgetAtLimit>(body.AtLimit, out var atLimit);
        var rule = new BudgetRule(scope, body.LimitEur, body.ThresholdsPercent ?? [], atLimit);
        var problems = rule.Problems().ToDictionary(p => p.Key, p => new[] { p.Value });
        if (!named) problems["atLimit"] = ["Use block or requireApproval."];
        if (body.Version is null) problems["version"] = [ApiProblems.VersionRequired];
        if (body.OwnerName is not null && owner.Kind != BudgetOwnerKind.Person) problems["ownerName"] = ["Only a person's budget has an owner's name."];
        else if (body.OwnerName is not null && !BudgetScope.IsOwnerName(body.OwnerName))
            problems["ownerName"] = [$"A name of at most {BudgetScope.MaxOwnerNameLength} characters, without control characters."];
        if (problems.Count > 0 || body.Version is not { } version) return TypedResults.ValidationProblem(problems, title: "The budget was not saved.");
        var ownerName = owner.Kind != BudgetOwnerKind.Person ? null
            : body.OwnerName?.Trim() ?? (await settings.BudgetAsync(user.TenantId, scope, cancellationToken)).OwnerName
              ?? (await spend.PeopleAsync(user.TenantId, cancellationToken)).FirstOrDefault(p => p.UserId == owner.Id).Name;
        var budget = new BudgetSettings
        {
            Id = scope, OwnerName = ownerName, LimitEur = rule.LimitEur, ThresholdsPercent = [.. rule.ThresholdsPercent.Order()], AtLimit = atLimit,
            Version = version,
        };
        if (!await settings.SaveBudgetAsync(user.TenantId, budget, user, cancellationToken))
            return ApiProblems.Conflict("The budget was changed by someone else",
                $"Version {budget.Version} is not the current one; read it again and reapply your change.");
        return TypedResults.Ok((await report.StatusAsync(user.TenantId, cancellationToken)).Single(b => b.Scope == scope));
    }

    /// <summary>Removes a person's or an agent's budget at the version the caller read; the company's and the departments' always apply.</summary>
    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RemoveBudgetAsync(
        string scope, long? version, PortalUser user, FinOpsSettingsStore settings, CancellationToken cancellationToken)
    {
        if (BudgetScope.Parse(scope) is not { } owner) return UnknownBudget();
        var problems = new Dictionary<string, string[]>();
        if (!owner.IsOptional) problems["scope"] = ["The company's and the departments' budgets always apply: change them instead."];
        if (version is null)
            problems["version"] = ["version is required: send the version you read, so that a change made in between is refused, not overwritten."];
        if (problems.Count > 0 || version is not { } read) return TypedResults.ValidationProblem(problems, title: "The budget was not removed.");
        return await settings.RemoveBudgetAsync(user.TenantId, scope, read, user, cancellationToken) switch
        {
            SettingsRemoval.Removed => TypedResults.NoContent(),
            SettingsRemoval.Stale => ApiProblems.Conflict("The budget was changed by someone else", $"Version {read} is not the current one; read it again."),
            _ => ApiProblems.NotFound("No such budget", $"There is no budget for '{scope}'."),
        };
    }

    private static ProblemHttpResult UnknownBudget() => ApiProblems.NotFound("No such budget",
        "Budgets are 'tenant', one per department, 'person:<user id>' and 'agent:<agent id>'.");

    private static async Task<Ok<AlertChannelsResource>> AlertChannelsAsync(PortalUser user, AlertChannels channels, CancellationToken cancellationToken) =>
        TypedResults.Ok(AlertChannelsResource.From(await channels.LoadAsync(user.TenantId, cancellationToken)));

    /// <summary>Replaces the tenant's channels, over exactly <c>version</c> (0 before the first save); a channel without an id is new.</summary>
    private static async Task<Results<Ok<AlertChannelsResource>, ValidationProblem, ProblemHttpResult>> SaveAlertChannelsAsync(
        AlertChannelsResource body, PortalUser user, AlertChannels channels, CancellationToken cancellationToken)
    {
        if (body.Version is not { } version)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = [ApiProblems.VersionRequired] },
                title: "The alert channels were not saved.");
        var asked = (body.Channels ?? []).Select(c => new AlertChannel(c.Id ?? Guid.Empty, c.Name ?? "", c.Url ?? "", c.SecretHeader, c.SecretName)).ToList();
        return await channels.SaveAsync(user, asked, version, cancellationToken) switch
        {
            AlertChannelsSave.Saved saved => TypedResults.Ok(AlertChannelsResource.From(saved.Settings)),
            AlertChannelsSave.Invalid invalid => TypedResults.ValidationProblem(
                invalid.Problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => AlertChannels.English(p.Problem)).ToArray()),
                title: "The alert channels were not saved."),
            _ => ApiProblems.Conflict("The alert channels were changed by someone else",
                $"Version {version} is not the current one; read them again and reapply your change."),
        };
    }

    private static async Task<Ok<IEnumerable<PriceResource>>> PricesAsync(PortalUser user, PriceTable table, CancellationToken cancellationToken) =>
        TypedResults.Ok((await table.RulesAsync(user.TenantId, cancellationToken)).Select(PriceResource.From));

    private static async Task<Results<Created<PriceResource>, ValidationProblem, ProblemHttpResult>> AddPriceAsync(
        PriceResource body, PortalUser user, PriceTable table, CancellationToken cancellationToken)
    {
        if (!EnumNames.TryParse<PriceKind>(body.Kind, out var kind))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = ["Use tokens or perCall."] },
                title: "The price was not added.");
        var rule = new PriceRule(body.Key ?? "", kind, body.InputPer1K, body.OutputPer1K, body.PerCallEur, body.EffectiveFrom, body.CachedInputPer1K,
            body.ReasoningPer1K);
        if (rule.Problems() is { Count: > 0 } problems)
            return TypedResults.ValidationProblem(problems.ToDictionary(p => p.Key, p => new[] { p.Value }), title: "The price was not added.");
        if (!await table.AddAsync(user.TenantId, rule, user, cancellationToken))
            return ApiProblems.Conflict("This price exists already",
                $"'{rule.Key.Trim()}' already has a price from {rule.EffectiveFrom:yyyy-MM-dd}. Prices are never changed: add one from another day.");
        var added = (await table.RulesAsync(user.TenantId, cancellationToken)).First(r => r.Key == rule.Key.Trim() && r.EffectiveFrom == rule.EffectiveFrom);
        return TypedResults.Created("/api/v1/prices", PriceResource.From(added));
    }
}

/// <summary>A tenant's alert channels as the API reads and writes them: a secret by its name, never its value.</summary>
public sealed record AlertChannelsResource(IReadOnlyList<AlertChannelResource>? Channels, long? Version)
{
    public static AlertChannelsResource From(AlertChannelSettings settings) =>
        new([.. settings.Channels.Select(c => new AlertChannelResource(c.Id, c.Name, c.Url, c.SecretHeader, c.SecretName))], settings.Version);
}

public sealed record AlertChannelResource(Guid? Id, string? Name, string? Url, string? SecretHeader, string? SecretName);

/// <param name="OwnerName">For a person's budget, the name people read (else the name the person spent under, or their id).</param>
public sealed record SaveBudgetRequest(decimal LimitEur, IReadOnlyList<int>? ThresholdsPercent, string? AtLimit, long? Version, string? OwnerName = null);

/// <summary>A price as the API reads and writes it, every amount with the decimals it was given. The cached input and reasoning prices are optional.</summary>
public sealed record PriceResource(
    string? Key, string? Kind, decimal InputPer1K, decimal OutputPer1K, decimal PerCallEur, DateOnly EffectiveFrom, string? AddedBy = null,
    decimal? CachedInputPer1K = null, decimal? ReasoningPer1K = null)
{
    public static PriceResource From(PriceRuleDocument rule) => new(rule.Key, rule.Kind.ToString(), rule.InputPer1K, rule.OutputPer1K, rule.PerCallEur,
        rule.EffectiveFrom, rule.AddedBy, rule.CachedInputPer1K, rule.ReasoningPer1K);
}
