using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UtilityInsights.Storage;
using UtilityInsights.Web;

namespace UtilityInsights.IntegrationTests.Web;

/// <summary>
/// <c>Portal:KeyCertificate</c>: the portal's cookie keys stored encrypted to a certificate, so that reading the database does not
/// give what forges a customer's or an operator's session.
/// </summary>
public class PortalKeyCertificateTests
{
    private const string Password = "correct horse battery";

    private string folder = null!;
    private string certificate = null!;

    [SetUp]
    public void MakeCertificate()
    {
        folder = Directory.CreateTempSubdirectory("ui-key-certificate-").FullName;
        certificate = Path.Combine(folder, "portal-keys.pfx");
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=UtilityInsights portal keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(certificate, made.Export(X509ContentType.Pfx, Password));
    }

    [TearDown]
    public void Remove() => Directory.Delete(folder, recursive: true);

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"Portal:{s.Key}", s.Value))).Build();

    [Test]
    public async Task With_a_key_certificate_the_keys_are_stored_encrypted_and_a_process_without_it_does_not_start()
    {
        var database = UtilityDatabase.Open(Path.Combine(folder, "keys.db"));
        await database.MigrateAsync(TimeProvider.System, CancellationToken.None);
        var withCertificate = Settings(("KeyCertificate", certificate), ("KeyCertificatePassword", Password));
        string cookie;
        await using (var first = PortalHost.Build(database, "http://127.0.0.1:0", TimeProvider.System, configuration: withCertificate))
            cookie = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("session").Protect("signed in");

        var stored = await database.PortalKeys.ListAsync(CancellationToken.None);
        Assert.That(stored, Has.Count.EqualTo(1));
        Assert.That(stored[0], Does.Contain("encryptedSecret").And.Not.Contain("masterKey"), "the key's secret is not in the database as it is");

        await using (var second = PortalHost.Build(database, "http://127.0.0.1:0", TimeProvider.System, configuration: withCertificate))
        {
            Assert.That(second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("session").Unprotect(cookie), Is.EqualTo("signed in"),
                "another process with the certificate reads the cookie");
        }
        // One without it would make a key of its own, unencrypted, which the others would take up: it does not start.
        Assert.That(() => PortalHost.Build(database, "http://127.0.0.1:0", TimeProvider.System, configuration: Settings()),
            Throws.InstanceOf<UserErrorException>().With.Message.Contains("Portal:KeyCertificate"));
        Assert.That(await database.PortalKeys.ListAsync(CancellationToken.None), Is.EqualTo(stored), "and adds nothing to the ring");
    }

    [Test]
    public async Task Once_the_newest_key_is_encrypted_a_process_without_the_certificate_does_not_start_though_older_keys_are_plain()
    {
        // A ring begun without a certificate, then given one: the key made since is encrypted and is the one in use.
        var database = UtilityDatabase.Open(Path.Combine(folder, "keys.db"));
        await database.MigrateAsync(TimeProvider.System, CancellationToken.None);
        await using (PortalHost.Build(database, "http://127.0.0.1:0", TimeProvider.System, configuration: Settings()))
        {
        }
        await using (var withCertificate = PortalHost.Build(database, "http://127.0.0.1:0", TimeProvider.System,
            configuration: Settings(("KeyCertificate", certificate), ("KeyCertificatePassword", Password))))
        {
            var now = DateTimeOffset.UtcNow;
            withCertificate.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager>().CreateNewKey(now, now.AddDays(90));
        }
        var stored = await database.PortalKeys.ListAsync(CancellationToken.None);
        Assert.That(stored.Select(xml => xml.Contains("encryptedSecret", StringComparison.Ordinal)), Is.EqualTo(new[] { false, true }));

        Assert.That(() => PortalHost.Build(database, "http://127.0.0.1:0", TimeProvider.System, configuration: Settings()),
            Throws.InstanceOf<UserErrorException>().With.Message.Contains("Portal:KeyCertificate"));
    }

    [Test]
    public async Task A_process_running_without_the_certificate_adds_no_unencrypted_key_to_a_ring_that_holds_encrypted_ones()
    {
        // Started while the ring was plain; meanwhile another process, given the certificate, made the newest key, encrypted. Data
        // Protection in the first, finding no key it can use, makes one: refused, where it was stored plain for the others to take up.
        var database = UtilityDatabase.Open(Path.Combine(folder, "keys.db"));
        await database.MigrateAsync(TimeProvider.System, CancellationToken.None);
        await using var running = PortalHost.Build(database, "http://127.0.0.1:0", TimeProvider.System, configuration: Settings());
        await using (var withCertificate = PortalHost.Build(database, "http://127.0.0.1:0", TimeProvider.System,
            configuration: Settings(("KeyCertificate", certificate), ("KeyCertificatePassword", Password))))
        {
            var now = DateTimeOffset.UtcNow;
            withCertificate.Services.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90));
        }
        var stored = await database.PortalKeys.ListAsync(CancellationToken.None);

        var later = DateTimeOffset.UtcNow;
        Assert.That(() => running.Services.GetRequiredService<IKeyManager>().CreateNewKey(later, later.AddDays(90)), Throws.InstanceOf<InvalidOperationException>());
        Assert.That(await database.PortalKeys.ListAsync(CancellationToken.None), Is.EqualTo(stored), "nothing added to the ring");
    }

    [Test]
    public async Task With_every_encrypted_key_out_of_use_a_process_without_the_certificate_does_not_start_nor_add_a_plain_key()
    {
        // No key in use (revoked here; expired alike): a process without the certificate would make the ring's one key, unencrypted.
        var database = UtilityDatabase.Open(Path.Combine(folder, "keys.db"));
        await database.MigrateAsync(TimeProvider.System, CancellationToken.None);
        await using (var withCertificate = PortalHost.Build(database, "http://127.0.0.1:0", TimeProvider.System,
            configuration: Settings(("KeyCertificate", certificate), ("KeyCertificatePassword", Password))))
        {
            withCertificate.Services.GetRequiredService<IKeyManager>().RevokeAllKeys(DateTimeOffset.UtcNow, "test: every key out of use");
        }
        var stored = await database.PortalKeys.ListAsync(CancellationToken.None);

        Assert.That(() => PortalHost.Build(database, "http://127.0.0.1:0", TimeProvider.System, configuration: Settings()),
            Throws.InstanceOf<UserErrorException>().With.Message.Contains("Portal:KeyCertificate"));
        Assert.That(await database.PortalKeys.ListAsync(CancellationToken.None), Is.EqualTo(stored), "nothing added to the ring");
    }

    [Test]
    public void A_key_certificate_that_cannot_be_used_is_named_with_the_reason_before_the_portal_starts()
    {
        File.WriteAllText(Path.Combine(folder, "not-a-certificate.pfx"), "hello");
        string Problem(IConfiguration settings) =>
            Assert.Throws<OptionsValidationException>(() => PortalSettings.From(settings))!.Message;

        Assert.Multiple(() =>
        {
            Assert.That(Problem(Settings(("KeyCertificate", Path.Combine(folder, "missing.pfx")))), Does.Contain("Portal:KeyCertificate").And.Contain("no such file"));
            Assert.That(Problem(Settings(("KeyCertificate", certificate), ("KeyCertificatePassword", "wrong"))), Does.Contain("Portal:KeyCertificate").And.Contain("password"));
            Assert.That(Problem(Settings(("KeyCertificate", Path.Combine(folder, "not-a-certificate.pfx")))), Does.Contain("Portal:KeyCertificate"));
            Assert.That(PortalSettings.From(Settings(("KeyCertificate", certificate), ("KeyCertificatePassword", Password))).KeyCertificate, Is.EqualTo(certificate));
        });
    }
}
