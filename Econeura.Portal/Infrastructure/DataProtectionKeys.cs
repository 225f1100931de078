using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Econeura.Portal.Infrastructure;

/// <summary>One data-protection key of the shared ring: every portal node must read the sign-in cookies and antiforgery tokens of the others.</summary>
public sealed class DataProtectionKey
{
    public string Id { get; set; } = "";
    public string Xml { get; set; } = "";
}

/// <summary>
/// Keeps the key ring in PostgreSQL beside everything else, so a second node (or a restarted one) keeps everyone signed
/// in. IXmlRepository is synchronous and Marten only asynchronous: the key ring is read once a day and written about once
/// in 90 days, and ASP.NET Core has no synchronization context to deadlock on, so blocking is the honest bridge here.
/// </summary>
public sealed class MartenXmlRepository(IDocumentStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var session = store.QuerySession();
        var keys = session.Query<DataProtectionKey>().ToListAsync().GetAwaiter().GetResult();
        return keys.Select(key => XElement.Parse(key.Xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var session = store.LightweightSession();
        session.Store(new DataProtectionKey { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        session.SaveChangesAsync().GetAwaiter().GetResult();
    }
}
