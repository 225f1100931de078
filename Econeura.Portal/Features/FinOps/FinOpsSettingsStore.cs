using Marten.Schema;
using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.FinOps;

/// <summary>A budget as finance edits it (the document id is its scope, see <see cref="BudgetScope"/>).</summary>
public sealed class BudgetSettings : ISettingsDocument
{
    public string Id { get; set; } = BudgetRule.TenantScope;

    /// <summary>For a person's budget, the person's name as finance picked it (people read it rather than an id).</summary>
    public string? OwnerName { get; set; }

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
public sealed class FinOpsSettingsStore(VersionedSettings settings, IDocumentStore store, IBackgroundJobClient jobs, IOptions<FinOpsOptions> options,
    TimeProvider time)
{
    /// <summary>The budgets every tenant has: the company's and each department's (a person's or an agent's only once set).</summary>
    public static IReadOnlyList<string> Scopes { get; } = [BudgetRule.TenantScope, .. Econeura.Domain.Agents.Departments.All];

    /// <summary>The budget of a scope as finance would edit it: saved, or else at the configured defaults (a new one, at version 0).</summary>
    public async Task<BudgetSettings> BudgetAsync(string tenantId, string scope, CancellationToken cancellationToken = default) =>
        await settings.LoadAsync<BudgetSettings>(tenantId, scope, cancellationToken) ?? Default(scope);

    /// <summary>The budget that applies to a scope: the company's and departments' always, a person's or an agent's only once set (else null).</summary>
    public async Task<BudgetSettings?> AppliedBudgetAsync(string tenantId, string scope, CancellationToken cancellationToken = default) =>
        await settings.LoadAsync<BudgetSettings>(tenantId, scope, cancellationToken)
        ?? (BudgetScope.Parse(scope) is { IsOptional: true } ? null : Default(scope));

    /// <summary>
    /// Every budget of the tenant in one read: the company's and the departments' (the ones nobody set yet at their
    /// configured defaults), then the people's and the agents' that finance set.
    /// </summary>
    public async Task<IReadOnlyList<BudgetSettings>> BudgetsAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(tenantId);
        var saved = (await session.Query<BudgetSettings>().ToListAsync(cancellationToken)).ToDictionary(b => b.Id);
        var optional = saved.Values.Where(b => BudgetScope.Parse(b.Id) is { IsOptional: true })
            .OrderBy(b => BudgetScope.Parse(b.Id)!.Value.Kind).ThenBy(b => b.OwnerName ?? b.Id, StringComparer.CurrentCultureIgnoreCase);
        return [.. Scopes.Select(scope => saved.GetValueOrDefault(scope) ?? Default(scope)), .. optional];
    }

    /// <summary>Saves over exactly the budget's version; then its alerts are checked again: a raised limit clears and re-arms thresholds.</summary>
    public async Task<bool> SaveBudgetAsync(string tenantId, BudgetSettings budget, PortalUser by, CancellationToken cancellationToken = default)
    {
        if (!await settings.SaveAsync(tenantId, budget, by, cancellationToken, unsaved: Default(budget.Id))) return false;
        CheckBudgetsJob.EnqueueForTenant(jobs, tenantId);
        return true;
    }

    /// <summary>Removes a person's or an agent's budget if <paramref name="version"/> is still the stored one; the others cannot be removed.</summary>
    public Task<SettingsRemoval> RemoveBudgetAsync(string tenantId, string scope, long version, PortalUser by, CancellationToken cancellationToken = default) =>
        BudgetScope.Parse(scope) is { IsOptional: true }
            ? settings.RemoveAsync<BudgetSettings>(tenantId, scope, version, by, cancellationToken)
            : Task.FromResult(SettingsRemoval.NotFound);

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
