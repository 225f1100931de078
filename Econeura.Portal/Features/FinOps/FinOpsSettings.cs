using Marten.Schema;

namespace Econeura.Portal.Features.FinOps;

/// <summary>A budget as finance edits it (the document id is its scope: "tenant" or a department).</summary>
public sealed class BudgetSettings : ISettingsDocument
{
    public string Id { get; set; } = BudgetRule.TenantScope;

    [Version]
    public long Version { get; set; }
    public decimal LimitEur { get; set; }
    public List<int> ThresholdsPercent { get; set; } = [];
    public BudgetAtLimit AtLimit { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }

    public BudgetRule ToRule() => new(Id, LimitEur, ThresholdsPercent, AtLimit);
}

/// <summary>The tenant's own FinOps settings; for now its time zone.</summary>
public sealed class TenantFinOpsSettings : ISettingsDocument
{
    public const string DocumentId = "finops";

    public string Id { get; set; } = DocumentId;

    [Version]
    public long Version { get; set; }
    public string TimeZone { get; set; } = "";
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Budgets and the tenant's time zone, with the configured defaults for what nobody has set yet.</summary>
public sealed class FinOpsSettingsStore(VersionedSettings settings, IDocumentStore store, IBackgroundJobClient jobs, IOptions<FinOpsOptions> options, TimeProvider time)
{
    public static IReadOnlyList<string> Scopes { get; } = [BudgetRule.TenantScope, .. Econeura.Domain.Agents.Departments.All];

    public async Task<BudgetSettings> BudgetAsync(string tenantId, string scope, CancellationToken cancellationToken = default) =>
        await settings.LoadAsync<BudgetSettings>(tenantId, scope, cancellationToken) ?? Default(scope);

    /// <summary>Every budget of the tenant in one read: the ones nobody set yet at their configured defaults.</summary>
    public async Task<IReadOnlyList<BudgetSettings>> BudgetsAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(tenantId);
        var saved = (await session.LoadManyAsync<BudgetSettings>(cancellationToken, Scopes)).ToDictionary(b => b.Id);
        return Scopes.Select(scope => saved.GetValueOrDefault(scope) ?? Default(scope)).ToList();
    }

    /// <summary>Saves over exactly the budget's version; then its alerts are checked again: a raised limit clears and re-arms thresholds.</summary>
    public async Task<bool> SaveBudgetAsync(string tenantId, BudgetSettings budget, PortalUser by, CancellationToken cancellationToken = default)
    {
        if (!await settings.SaveAsync(tenantId, budget, by, cancellationToken)) return false;
        CheckBudgetsJob.EnqueueForTenant(jobs, tenantId);
        return true;
    }

    public Task<IReadOnlyList<SettingsChange>> BudgetHistoryAsync(string tenantId, string scope, CancellationToken cancellationToken = default) =>
        settings.HistoryAsync<BudgetSettings>(tenantId, scope, cancellationToken: cancellationToken);

    public async Task<TenantFinOpsSettings> TenantAsync(string tenantId, CancellationToken cancellationToken = default) =>
        await settings.LoadAsync<TenantFinOpsSettings>(tenantId, TenantFinOpsSettings.DocumentId, cancellationToken)
        ?? new TenantFinOpsSettings { TimeZone = options.Value.TimeZone };

    public Task<bool> SaveTenantAsync(string tenantId, TenantFinOpsSettings tenant, PortalUser by, CancellationToken cancellationToken = default) =>
        settings.SaveAsync(tenantId, tenant, by, cancellationToken);

    public async Task<TimeZoneInfo> TimeZoneAsync(string tenantId, CancellationToken cancellationToken = default) =>
        TimeZoneInfo.FindSystemTimeZoneById((await TenantAsync(tenantId, cancellationToken)).TimeZone);

    /// <summary>The tenant's local today.</summary>
    public async Task<DateOnly> TodayAsync(string tenantId, CancellationToken cancellationToken = default) =>
        BudgetCalendar.LocalDay(time.GetUtcNow(), await TimeZoneAsync(tenantId, cancellationToken));

    private BudgetSettings Default(string scope) => new()
    {
        Id = scope,
        LimitEur = options.Value.DefaultBudgetEur,
        ThresholdsPercent = [.. options.Value.DefaultThresholdsPercent],
        AtLimit = options.Value.DefaultAtLimit,
    };
}
