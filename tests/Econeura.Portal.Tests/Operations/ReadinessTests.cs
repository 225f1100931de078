using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Econeura.Portal.Tests.Operations;

/// <summary>Readiness tells anonymous probes what is wrong, never the driver's words; a platform operator reads those too.</summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private TestDatabase _database = default!;
    private PortalFactory _portal = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _portal = new PortalFactory(_database.ConnectionString);
        _portal.StartServer();
    }

    public async Task DisposeAsync()
    {
        await AlterDatabaseAsync("allow_connections true");
        await _portal.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>Changes the portal's database from the server, and ends the sessions open on it so the change applies to the next one.</summary>
    private async Task AlterDatabaseAsync(string change)
    {
        await using var server = new NpgsqlConnection(TestDatabase.ServerConnectionString);
        await server.OpenAsync();
        await using var alter = new NpgsqlCommand(
            $"alter database \"{_database.Name}\" {change}; select pg_terminate_backend(pid) from pg_stat_activity where datname = '{_database.Name}'", server);
        await alter.ExecuteNonQueryAsync();
    }

    private static async Task<JsonElement> PostgresCheckAsync(HttpResponseMessage answer)
    {
        Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        var readiness = await answer.Content.ReadFromJsonAsync<JsonElement>();
        return readiness.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "postgresql");
    }

    /// <summary>PostgreSQL answers but its database takes no connection: the driver's message names the database.</summary>
    [Fact]
    public async Task When_the_database_refuses_the_portal_anonymous_probes_learn_that_and_no_more()
    {
        var olga = await _portal.ClientForAsync("olga");
        await AlterDatabaseAsync("allow_connections false");
        _portal.Services.GetRequiredService<NpgsqlDataSource>().Clear();

        var anonymous = await PostgresCheckAsync(await _portal.CreateClient().GetAsync("/health/ready"));
        var gateway = await PostgresCheckAsync(await _portal.CreateClient().GetAsync("/api/health"));
        var forOperator = await PostgresCheckAsync(await olga.GetAsync("/api/health"));

        foreach (var probe in new[] { anonymous, gateway })
        {
            Assert.Equal("Unhealthy", probe.GetProperty("status").GetString());
            Assert.Equal("PostgreSQL answers but refuses the portal's connection.", probe.GetProperty("reason").GetString());
        }
        Assert.Contains("PostgresException", forOperator.GetProperty("reason").GetString());
        Assert.Contains(_database.Name, forOperator.GetProperty("reason").GetString());
    }
}
