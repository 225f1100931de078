using Econeura.Portal.Features.Identity;

namespace Econeura.Portal.Features.Tenancy;

public sealed class TenantNames(TenantRegistry registry, TenantDirectory directory) : ITenantNames
{
    public async Task<string> NameOfAsync(string tenantId, CancellationToken cancellationToken = default) =>
        (await registry.FindAsync(tenantId, cancellationToken))?.DisplayName ?? directory.NameOf(tenantId);
}
