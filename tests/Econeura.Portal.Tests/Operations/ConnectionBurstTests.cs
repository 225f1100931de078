using System.Net;
using System.Net.Http.Json;
using Npgsql;

namespace Econeura.Portal.Tests.Operations;

/// <summary>
/// A database whose role may open only 24 connections, shared by two portal processes: a burst of 200 launches at once
/// queues for connections instead of being refused, and a process too large for the server does not start.
/// </summary>
public sealed class ConnectionBurstTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int RoleConnectionLimit = 24;
    private readonly string _role = $"econeura_burst_{Guid.NewGuid():N}"[..30];
    private readonly string _password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
    private string _connectionString = "";

    private static readonly Dictionary<string, string?> TwoNodesOfTen = new()
    {
        ["Database:Nodes"] = "2",
        ["Database:MaxPoolSize"] = "6",
        ["Database:JobStoragePoolSize"] = "4",
    };

    private async Task AsServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task InitializeAsync()
    {
        await AsServerAsync($"create role {_role} login password '{_password}' connection limit {RoleConnectionLimit}");
        await AsServerAsync($"create database {_role} owner {_role}");
        _connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString)
        {
            Username = _role, Password = _password, Database = _role,
        }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await AsServerAsync($"drop database if exists {_role} with (force)");
        await AsServerAsync($"drop role if exists {_role}");
    }

    [Fact]
    public async Task Two_hundred_launches_at_once_on_two_nodes_of_eleven_connections_all_succeed_within_the_24_the_role_may_open()
    {
        await using var nodeA = new PortalFactory(_connectionString, settings: TwoNodesOfTen);
        await using var nodeB = new PortalFactory(_connectionString, settings: TwoNodesOfTen);
        nodeA.StartServer();
        nodeB.StartServer();
        var clients = new[] { await nodeA.ClientForAsync("ana"), await nodeB.ClientForAsync("ana") };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            using var launched = await clients[i % 2].PostAsJsonAsync("/api/v1/executions", new { agentId = "neura-1", input = $"Resume el informe {i}" });
            return launched.StatusCode;
        }));

        output.WriteLine($"200 launches answered in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(answers.All(status => status == HttpStatusCode.Created),
            string.Join(", ", answers.GroupBy(status => status).Select(g => $"{g.Count()} × {(int)g.Key}")));
        Assert.DoesNotContain(HttpStatusCode.ServiceUnavailable, answers);
    }

    [Fact]
    public async Task A_process_whose_nodes_would_need_more_connections_than_the_role_may_open_refuses_to_start_and_says_why()
    {
        await using var node = new PortalFactory(_connectionString, settings: new Dictionary<string, string?>
        {
            ["Database:Nodes"] = "2",
            ["Database:MaxPoolSize"] = "20",
            ["Database:JobStoragePoolSize"] = "10",
        });

        var refused = Assert.ThrowsAny<Exception>(() => node.StartServer());

        var message = refused is AggregateException aggregate ? aggregate.Flatten().InnerExceptions[0].Message : refused.Message;
        Assert.Contains("need 62 connections, but PostgreSQL allows 24", message);
        Assert.Contains("Database:MaxPoolSize", message);
    }
}
