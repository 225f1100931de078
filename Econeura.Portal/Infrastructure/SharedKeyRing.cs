using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Econeura.Portal.Infrastructure;

/// <summary>The certificate (a PFX file) whose public key encrypts the data-protection keys where they are stored.</summary>
public sealed class KeyRingProtectionOptions
{
    public string CertificatePath { get; set; } = "";
    public string CertificatePassword { get; set; } = "";
}

public static class SharedKeyRing
{
    /// <summary>
    /// The keys that sign sign-in cookies and antiforgery tokens, shared by every node through PostgreSQL and, when a
    /// certificate is configured, encrypted at rest with it: a copy of the database alone then forges no cookie.
    /// </summary>
    public static void AddSharedKeyRing(this WebApplicationBuilder builder)
    {
        // Read here rather than through IOptions: data protection takes its decryption certificates only while it is built.
        var protection = builder.Configuration.GetSection("DataProtection").Get<KeyRingProtectionOptions>() ?? new KeyRingProtectionOptions();
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("Econeura");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IDocumentStore>((options, store) => options.XmlRepository = new MartenXmlRepository(store));
        if (protection.CertificatePath.Length > 0)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(protection.CertificatePath, protection.CertificatePassword);
            if (!certificate.HasPrivateKey)
                throw new InvalidOperationException(
                    $"DataProtection:CertificatePath ({protection.CertificatePath}) has no private key; the key ring could not be read back.");
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        else
        {
            builder.Services.AddHostedService<UnprotectedKeyRingWarning>();
        }
    }

    private sealed class UnprotectedKeyRingWarning(ILogger<UnprotectedKeyRingWarning> logger, IHostEnvironment environment) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.Log(environment.IsDevelopment() ? LogLevel.Information : LogLevel.Warning,
                "The data-protection key ring is stored in PostgreSQL unencrypted: anyone who reads the database can forge sign-in cookies. " +
                "Set DataProtection:CertificatePath (a PFX file) and DataProtection:CertificatePassword to encrypt it at rest.");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

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
