using Npgsql;

namespace Econeura.Testing;

/// <summary>
/// A fresh database on the test PostgreSQL that scripts/test.sh starts. Without ECONEURA_TEST_PG the tests fail
/// at once with how to get one: they never fall back to a fake.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _server;

    private TestDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("ECONEURA_TEST_PG") is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                "ECONEURA_TEST_PG is not set. Run the tests with ./scripts/test.sh, which starts the test PostgreSQL, " +
                "or set ECONEURA_TEST_PG to a server connection string (Host=...;Port=...;Username=...;Password=...).");

    public static async Task<TestDatabase> CreateAsync(string prefix = "econeura_test")
    {
        var database = new TestDatabase(ServerConnectionString, $"{prefix}_{Guid.NewGuid():N}"[..30]);
        await using var connection = new NpgsqlConnection(database._server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"create database \"{database.Name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return database;
    }

    /// <summary>A count straight from the database, as an operator would check it.</summary>
    public async Task<long> CountAsync(string sql, params NpgsqlParameter[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Rows of any table in the portal's schemas (documents, events, streams, spend) that belong to the tenant.</summary>
    public async Task<long> RowsOfTenantAsync(string tenantId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var tables = new List<(string Schema, string Table)>();
        await using (var find = new NpgsqlCommand("select table_schema, table_name from information_schema.columns where column_name = 'tenant_id' " +
                                                  "and table_schema not in ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await find.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add((reader.GetString(0), reader.GetString(1)));
        if (tables.Count == 0) throw new InvalidOperationException("No table has a tenant_id column: the portal's schema is not there.");
        long rows = 0;
        foreach (var (schema, table) in tables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from \"{schema}\".\"{table}\" where tenant_id = @tenant", connection);
            count.Parameters.AddWithValue("tenant", tenantId);
            rows += (long)(await count.ExecuteScalarAsync())!;
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{Name}\" with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
