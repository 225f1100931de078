using System.Net;
using System.Net.Sockets;

namespace Econeura.Portal.Infrastructure.Egress;

/// <summary>
/// Internal ranges an operator opens on purpose (<c>;</c>-separated CIDRs): <c>Egress:AllowedRanges</c> for every tenant
/// (local development and tests, whose agents listen on loopback) and <c>Egress:Tenants:&lt;tid&gt;:AllowedRanges</c> for one.
/// </summary>
public sealed class EgressOptions
{
    public string AllowedRanges { get; set; } = "";

    public Dictionary<string, EgressTenantOptions> Tenants { get; set; } = [];

    public bool IsValid() => EgressPolicy.TryParseRanges(AllowedRanges, out _) && Tenants.Values.All(t => EgressPolicy.TryParseRanges(t.AllowedRanges, out _));
}

public sealed class EgressTenantOptions
{
    public string AllowedRanges { get; set; } = "";
}

/// <summary>Resolves a host name; a seam so that tests can play a DNS answer that changes between two look-ups (rebinding).</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

public sealed class SystemHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>A call refused by the egress policy: its address lies in a range the tenant may not reach.</summary>
public sealed class EgressRefusedException(string host) : Exception($"The address of '{host}' is not allowed by the egress policy.");

/// <summary>
/// Where the portal's outbound calls may go. Loopback, private, shared, link-local (cloud metadata), unique-local,
/// multicast, reserved and documentation ranges are refused, IPv4 and IPv6 alike, including IPv4 written inside IPv6;
/// an operator may open some of them for every tenant or for one. The check applies to the address actually connected
/// (<see cref="EgressConnections"/>), so neither a spelling of an address nor a DNS answer that changes after a save gets past it.
/// </summary>
public sealed class EgressPolicy
{
    private static readonly IPNetwork[] Internal = [.. new[]
    {
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
        "224.0.0.0/4", "240.0.0.0/4",
        // Azure's platform endpoint (DHCP, DNS, the VM agent): public-looking, but nothing a tenant's agent lives on.
        "168.63.129.16/32",
        "::/96", "::1/128", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "2002::/16",
        "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    }.Select(IPNetwork.Parse)];

    private readonly IHostResolver _resolver;
    private readonly IPNetwork[] _openForAll;
    private readonly Dictionary<string, IPNetwork[]> _openForTenant;

    public EgressPolicy(IOptions<EgressOptions> options, IHostResolver resolver)
    {
        _resolver = resolver;
        TryParseRanges(options.Value.AllowedRanges, out _openForAll);
        _openForTenant = options.Value.Tenants.ToDictionary(
            t => t.Key, t => TryParseRanges(t.Value.AllowedRanges, out var ranges) ? ranges : [], StringComparer.OrdinalIgnoreCase);
    }

    public static bool TryParseRanges(string? text, out IPNetwork[] ranges)
    {
        var parsed = new List<IPNetwork>();
        foreach (var part in (text ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IPNetwork.TryParse(part, out var range))
            {
                ranges = [];
                return false;
            }
            parsed.Add(range);
        }
        ranges = [.. parsed];
        return true;
    }

    public bool Allows(IPAddress address, string? tenantId)
    {
        var plain = Plain(address);
        if (!Internal.Any(range => range.Contains(plain))) return true;
        return _openForAll.Any(range => range.Contains(plain))
               || (tenantId is not null && _openForTenant.TryGetValue(tenantId, out var open) && open.Any(range => range.Contains(plain)));
    }

    /// <summary>The addresses of <paramref name="host"/> that the tenant may connect to; refused when there are none.</summary>
    public async Task<IPAddress[]> AllowedAddressesAsync(string host, string? tenantId, CancellationToken cancellationToken)
    {
        var addresses = await AddressesOfAsync(host, cancellationToken);
        var allowed = addresses.Where(a => Allows(a, tenantId)).ToArray();
        return allowed.Length > 0 ? allowed : throw new EgressRefusedException(host);
    }

    /// <summary>
    /// Whether an address an admin saves may be called: false when it is written as, or resolves now to, an address the
    /// tenant may not reach. A name that does not resolve yet is accepted; the call checks again where it connects.
    /// </summary>
    public async Task<bool> AllowsAddressAsync(string url, string tenantId, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        try
        {
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            patience.CancelAfter(TimeSpan.FromSeconds(3));
            await AllowedAddressesAsync(uri.IdnHost, tenantId, patience.Token);
            return true;
        }
        catch (EgressRefusedException)
        {
            return false;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return true;
        }
    }

    private async Task<IPAddress[]> AddressesOfAsync(string host, CancellationToken cancellationToken)
    {
        var bare = host.Trim('[', ']');
        if (IPAddress.TryParse(bare, out var literal)) return [literal];
        // Names under .localhost are loopback by definition (RFC 6761), whatever a resolver answers.
        if (bare.Equals("localhost", StringComparison.OrdinalIgnoreCase) || bare.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return [IPAddress.Loopback, IPAddress.IPv6Loopback];
        return await _resolver.ResolveAsync(bare, cancellationToken);
    }

    /// <summary>IPv4 written inside IPv6 (<c>::ffff:127.0.0.1</c>) is judged as the IPv4 address it reaches.</summary>
    private static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
