using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Econeura.Portal.Features.Notifications;

/// <summary>Absolute links into the portal for messages read outside it.</summary>
public sealed class PortalLinks(IOptions<NotificationOptions> options, IServer server)
{
    public string To(string path) => $"{Base().TrimEnd('/')}{path}";

    /// <summary><c>Notifications:PortalUrl</c>, else the first address this server listens on (a development portal).</summary>
    private string Base()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.PortalUrl)) return options.Value.PortalUrl;
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        // A wildcard listen address is not one a reader can open.
        return listening.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://0.0.0.0", "://localhost")
            .Replace("://[::]", "://localhost");
    }
}
