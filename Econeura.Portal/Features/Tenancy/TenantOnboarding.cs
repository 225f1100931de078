using Econeura.Domain.Tenancy;
using JasperFx;
using Econeura.Portal.Features.Agents;
using Econeura.Portal.Features.FinOps;
using Econeura.Portal.Features.Identity;
using Econeura.Domain.FinOps;

namespace Econeura.Portal.Features.Tenancy;

/// <summary>The operator's actions on organisations: onboard one (registration, catalog, first settings) and offboard one.</summary>
public sealed class TenantOnboarding(
    IDocumentStore store, SettingsCache cache, TenantAdmission admission, TenantDirectory names, TenantProvisioning provisioning,
    IOptions<FinOpsOptions> finOps, TimeProvider time)
{
    /// <summary>
    /// Registers the organisation and, in the same commit, gives its tenant the seeded catalog (the leads on the
    /// webhooks of <c>Agents:SeedRoutes</c> only if <see cref="OnboardTenant.ApplySeedRoutes"/>), the list prices, its
    /// time zone and its monthly budget. An organisation that comes back after offboarding keeps what it had.
    /// </summary>
    public async Task<TenantChange> OnboardAsync(OnboardTenant command, PortalUser by, CancellationToken cancellationToken = default)
    {
        await using var session = store.LightweightSession(TenantRegistry.PlatformScope);
        var current = DirectoryId.Normalize(command.DirectoryId) is { } id ? await session.LoadAsync<TenantRegistration>(id, cancellationToken) : null;
        var decision = TenantDecisions.Onboard(current, command, by.DisplayName, time.GetUtcNow());
        if (decision is not TenantDecision.Changed { Registration: var registration }) return new TenantChange(decision);
        session.UpdateRevision(registration, registration.Version + 1);
        await provisioning.StageAsync(session, registration.Id, registration.AppliesSeedRoutes, cancellationToken);
        await StageFirstSettingsAsync(session, registration, by, cancellationToken);
        return await CommitAsync(session, decision, registration.Id, cancellationToken);
    }

    /// <summary>Stops the organisation's sign-in, API and background work; its records stay.</summary>
    public async Task<TenantChange> OffboardAsync(string directoryId, PortalUser by, CancellationToken cancellationToken = default)
    {
        if (DirectoryId.Normalize(directoryId) is not { } id) return new TenantChange(new TenantDecision.NotActive());
        await using var session = store.LightweightSession(TenantRegistry.PlatformScope);
        var current = await session.LoadAsync<TenantRegistration>(id, cancellationToken);
        var decision = TenantDecisions.Offboard(id, current, admission.ConfiguredDirectories, names.NameOf(id), by.DisplayName, time.GetUtcNow());
        if (decision is not TenantDecision.Changed { Registration: var registration }) return new TenantChange(decision);
        session.UpdateRevision(registration, registration.Version + 1);
        return await CommitAsync(session, decision, id, cancellationToken);
    }

    private async Task StageFirstSettingsAsync(IDocumentSession session, TenantRegistration registration, PortalUser by, CancellationToken cancellationToken)
    {
        await using var tenantReads = store.QuerySession(registration.Id);
        var tenant = session.ForTenant(registration.Id);
        var now = time.GetUtcNow();
        if (await tenantReads.LoadAsync<TenantFinOpsSettings>(TenantFinOpsSettings.DocumentId, cancellationToken) is null)
            tenant.UpdateRevision(new TenantFinOpsSettings { TimeZone = registration.TimeZone, UpdatedBy = by.DisplayName, UpdatedAt = now }, 1);
        if (await tenantReads.LoadAsync<BudgetSettings>(BudgetRule.TenantScope, cancellationToken) is null)
            tenant.UpdateRevision(new BudgetSettings
            {
                Id = BudgetRule.TenantScope,
                LimitEur = registration.DefaultBudgetEur,
                ThresholdsPercent = [.. finOps.Value.DefaultThresholdsPercent],
                AtLimit = finOps.Value.DefaultAtLimit,
                UpdatedBy = by.DisplayName,
                UpdatedAt = now,
            }, 1);
    }

    /// <summary>
    /// Commits, and has every process forget what it kept of the tenant: the session announces the registry's change
    /// itself, but the tenant's own documents were written through it, under the platform's scope.
    /// </summary>
    private async Task<TenantChange> CommitAsync(IDocumentSession session, TenantDecision decision, string tenantId, CancellationToken cancellationToken)
    {
        session.AnnounceSettingsChanged(tenantId);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is ConcurrencyException or DocumentAlreadyExistsException)
        {
            return new TenantChange(null);
        }
        cache.Forget(tenantId);
        return new TenantChange(decision);
    }
}

/// <param name="Decision">What was decided and stored; null when another operator changed the organisation at the same moment (nothing was stored).</param>
public sealed record TenantChange(TenantDecision? Decision);
