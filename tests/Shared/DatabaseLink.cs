using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Econeura.Testing;

/// <summary>
/// A TCP relay between a portal and the test PostgreSQL that a test can cut and restore: the database "goes down" for
/// that portal only (open connections reset, new ones refused), while every other test keeps its database.
/// </summary>
public sealed class DatabaseLink : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _open = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private bool _cut;
    private int _refused;

    /// <summary>Connections the link refused while cut: each is one attempt of the portal to reach its database.</summary>
    public int Refused => Volatile.Read(ref _refused);

    private DatabaseLink(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>The connection string of <paramref name="database"/>, routed through a new link.</summary>
    public static (DatabaseLink Link, string ConnectionString) To(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(database);
        var link = new DatabaseLink(new IPEndPoint(IPAddress.Parse(builder.Host == "localhost" ? "127.0.0.1" : builder.Host!), builder.Port));
        builder.Host = "127.0.0.1";
        builder.Port = ((IPEndPoint)link._listener.LocalEndpoint).Port;
        return (link, builder.ConnectionString);
    }

    /// <summary>The database becomes unreachable: every relayed connection is reset and new ones are closed at once.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _cut = true;
            foreach (var client in _open) client.Client.Close(0);
            _open.Clear();
        }
    }

    public void Restore()
    {
        lock (_gate) _cut = false;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            bool cut;
            lock (_gate) cut = _cut;
            if (cut)
            {
                Interlocked.Increment(ref _refused);
                client.Client.Close(0);
                continue;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_target, _stop.Token);
            lock (_gate)
            {
                if (_cut) { client.Client.Close(0); return; }
                _open.Add(client);
                _open.Add(server);
            }
            var clientStream = client.GetStream();
            var serverStream = server.GetStream();
            await Task.WhenAny(clientStream.CopyToAsync(serverStream, _stop.Token), serverStream.CopyToAsync(clientStream, _stop.Token));
        }
        catch (Exception)
        {
            // A reset relay is what a cut is meant to produce.
        }
        finally
        {
            lock (_gate) { _open.Remove(client); _open.Remove(server); }
            client.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
