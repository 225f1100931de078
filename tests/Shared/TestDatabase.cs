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

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{Name}\" with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
