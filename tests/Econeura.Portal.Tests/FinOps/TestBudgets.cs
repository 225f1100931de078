using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Econeura.Portal.Tests.FinOps;

/// <summary>Budgets as finance sets them, and what runs under way hold of them.</summary>
internal static class TestBudgets
{
    public static async Task SetAsync(IServiceProvider services, PortalUser finance, string scope, decimal limit, BudgetAtLimit atLimit,
        string? ownerName = null, List<int>? thresholds = null)
    {
        var settings = services.GetRequiredService<FinOpsSettingsStore>();
        var budget = await settings.BudgetAsync(finance.TenantId, scope);
        budget.LimitEur = limit;
        budget.AtLimit = atLimit;
        budget.OwnerName = ownerName;
        if (thresholds is not null) budget.ThresholdsPercent = thresholds;
        Assert.True(await settings.SaveBudgetAsync(finance.TenantId, budget, finance));
    }

    public static async Task<decimal> ReservedAsync(string connectionString, string tenantId, string scope)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select coalesce(sum(amount_eur), 0) from {BudgetReservations.Table} where tenant_id = @tenant and scope = @scope", connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("scope", scope);
        return (decimal)(await command.ExecuteScalarAsync())!;
    }
}
