using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Econeura.Portal.Tests.Security;

/// <summary>With a certificate configured, the shared key ring is stored encrypted, and every node holding the certificate reads it.</summary>
public sealed class KeyRingTests : IAsyncLifetime
{
    private const string Password = "key-ring-test";
    private readonly string _certificatePath = Path.Combine(Path.GetTempPath(), $"econeura-keyring-{Guid.NewGuid():N}.pfx");
    private TestDatabase _database = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Econeura key ring test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        await File.WriteAllBytesAsync(_certificatePath, certificate.Export(X509ContentType.Pfx, Password));
    }

    public async Task DisposeAsync()
    {
        File.Delete(_certificatePath);
        await _database.DisposeAsync();
    }

    private PortalFactory Node() => new(_database.ConnectionString, settings: new Dictionary<string, string?>
    {
        ["DataProtection:CertificatePath"] = _certificatePath,
        ["DataProtection:CertificatePassword"] = Password,
    });

    [Fact]
    public async Task The_stored_keys_are_encrypted_with_the_certificate_and_another_node_with_it_reads_what_the_first_protected()
    {
        await using var nodeA = Node();
        await using var nodeB = Node();

        var protectedOnA = nodeA.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("signed-in");
        var readOnB = nodeB.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Unprotect(protectedOnA);

        Assert.Equal("signed-in", readOnB);
        await using var session = nodeA.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var stored = Assert.Single(await session.Query<DataProtectionKey>().ToListAsync());
        Assert.Contains("encryptedSecret", stored.Xml);
        Assert.DoesNotContain("<value>", stored.Xml); // the master key in clear, as an unencrypted ring stores it
        Assert.False(nodeA.Logs.Contain("unencrypted"));
    }
}
