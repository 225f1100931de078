using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Econeura.Portal.Infrastructure.Egress;

/// <summary>
/// The sockets of every outbound client that calls what a tenant configured. Each tenant has its own connection pool,
/// which connects only to addresses the <see cref="EgressPolicy"/> allows that tenant: a pooled connection opened under
/// one tenant's allowance is never reused for another, and one tenant's slow receivers do not hold another's
/// connections. No redirect is followed: it would take the call, and the headers it carries, to an address nobody checked.
/// </summary>
public sealed class EgressConnections(EgressPolicy policy) : IDisposable
{
    /// <summary>The tenant a request is made for: its allowances and its pool apply. Unset, a pool with only the allowances open to all.</summary>
    public static readonly HttpRequestOptionsKey<string> Tenant = new("econeura.egress-tenant");

    private readonly ConcurrentDictionary<string, HttpMessageInvoker> _pools = new();

    /// <summary>A primary handler for an <see cref="IHttpClientFactory"/> client; the factory may dispose it, the pools stay.</summary>
    public HttpMessageHandler Handler() => new PoolByTenant(this);

    /// <summary>Whether a failed send was the egress policy's refusal rather than the network's.</summary>
    public static bool IsRefusal(Exception? exception) =>
        exception is not null && (exception is EgressRefusedException || IsRefusal(exception.InnerException));

    private HttpMessageInvoker PoolOf(string tenant) => _pools.GetOrAdd(tenant, key => new HttpMessageInvoker(Sockets(key.Length == 0 ? null : key)));

    private SocketsHttpHandler Sockets(string? tenant) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        // New connections now and then, so that a name whose addresses change is checked again.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await policy.AllowedAddressesAsync(context.DnsEndPoint.Host, tenant, cancellationToken);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public void Dispose()
    {
        foreach (var pool in _pools.Values) pool.Dispose();
    }

    private sealed class PoolByTenant(EgressConnections connections) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            connections.PoolOf(request.Options.TryGetValue(Tenant, out var tenant) ? tenant : "").SendAsync(request, cancellationToken);
    }
}
