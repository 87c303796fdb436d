using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UtilityInsights.Storage;

namespace UtilityInsights.Web;

/// <summary>
/// Where the portal keeps the keys that protect its cookies (sign-in sessions, antiforgery tokens): the database
/// (<see cref="Storage.Stores.PortalKeyStore"/>), not the default folder in the process's home — which a container loses on
/// restart and which every process behind a load balancer has its own of, so that a customer was signed out, or a form
/// refused, whenever another process answered. All processes on one database share one key ring under one application name.
/// </summary>
public static class PortalKeyRing
{
    /// <summary>The application name the keys are isolated under (the same for every portal process, whatever its path).</summary>
    public const string ApplicationName = "UtilityInsights.Portal";

    /// <summary>
    /// Registers Data Protection on the database's ring; with <paramref name="certificate"/> each key's secret is stored encrypted
    /// to it (XML encryption with its public key) and read with its private key — which every portal process then needs: one without
    /// it cannot read the keys, and refuses every cookie. Keys stored before a certificate was set stay readable.
    /// </summary>
    public static void AddServices(IServiceCollection services, UtilityDatabase database, TimeProvider clock, X509Certificate2? certificate = null)
    {
        services.AddSingleton(provider => new DatabaseXmlRepository(database, clock, provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PortalKeyRing))));
        var protection = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (certificate is not null)
            protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        services.AddOptions<KeyManagementOptions>().Configure<DatabaseXmlRepository>((options, repository) => options.XmlRepository = repository);
        // Its "No XML encryptor configured. Key … may be persisted to storage in unencrypted form" gives way to ours, which says
        // where the key is and which setting encrypts it (DatabaseXmlRepository.StoreElement); its errors stay.
        services.AddLogging(logging => logging.AddFilter(typeof(XmlKeyManager).FullName, LogLevel.Error));
    }

    /// <summary>
    /// Makes sure, before the portal serves, that the ring has a key in use now — making it, when there is none, under the ring's
    /// lock in the database (<see cref="Storage.Stores.PortalKeyStore.AddMissingAsync"/>). Data Protection would make one itself on
    /// first use, but each of several processes started together on a new database (or after every key expired) would make its own,
    /// and one that had not read the others' would refuse their cookies until it read the ring again — up to a day later. Key
    /// lifetimes are Data Protection's and measured, as it measures them, by the system clock, not by the portal's date of record.
    /// A database that cannot be read (not reachable, not migrated) is logged and left to the health check, as Data Protection
    /// itself does at start.
    /// </summary>
    public static void MakeFirstKey(IServiceProvider services)
    {
        var repository = services.GetRequiredService<DatabaseXmlRepository>();
        var keys = services.GetRequiredService<IKeyManager>();
        var lifetime = services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime;
        var unreadable = false;
        try
        {
            repository.AddMissing(() =>
            {
                // The time once the lock is held: a key another process made while this one waited is in use by then.
                var now = TimeProvider.System.GetUtcNow();
                var inUse = keys.GetAllKeys().Where(key => !key.IsRevoked && key.ActivationDate <= now + ClockSkew && key.ExpirationDate > now).ToList();
                if (inUse.Count == 0)
                    keys.CreateNewKey(now, now + lifetime);
                else
                    // The newest key in use is the one Data Protection signs with; this process must be able to read it.
                    unreadable = !Readable(inUse.MaxBy(key => key.ActivationDate)!);
            });
        }
        catch (PlainKeyRefusedException)
        {
            // No key in use any more (expired or revoked), and the ring holds encrypted ones: this process would have made a plain key.
            unreadable = true;
        }
        catch (Exception e) when (e is UserErrorException or System.Data.Common.DbException or TimeoutException)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PortalKeyRing))
                .LogWarning("The portal's key ring could not be read from the database ({Reason}); a key is made on first use.", e.Message);
            return;
        }
        // Data Protection would pass over the key it cannot read — and, once the older keys expire, make one of its own, readable by
        // anyone who reads the database, which the other processes would take up.
        if (unreadable)
            throw new UserErrorException("the portal's cookie keys in this database are encrypted to a certificate this process was not given: " +
                "start it with the certificate the other portal processes use (Portal:KeyCertificate and Portal:KeyCertificatePassword).");
    }

    /// <summary>An unencrypted key refused by a ring that holds encrypted ones (<see cref="DatabaseXmlRepository.StoreElement"/>).</summary>
    internal sealed class PlainKeyRefusedException() : InvalidOperationException("the portal's key ring holds encrypted keys: an unencrypted one is not added");

    /// <summary>Whether this process can read the key's secret (one encrypted to a certificate it was not given it cannot).</summary>
    private static bool Readable(IKey key)
    {
        try
        {
            return key.Descriptor is not null;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// How far apart the clocks of two portal machines may be: a key another made that is active by its clock but a little ahead of
    /// this one's is the ring's key all the same (Data Protection's own key resolution allows five minutes).
    /// </summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Data Protection's storage interface is synchronous and called rarely — on start, when a key is made (every 90 days) and
    /// when the ring is read again (every 24 hours at most) — so it waits on the store's calls.
    /// </summary>
    internal sealed class DatabaseXmlRepository(UtilityDatabase database, TimeProvider clock, ILogger log) : IXmlRepository
    {
        /// <summary>Whether the element is a key, its secret encrypted to a certificate (an <c>encryptedSecret</c> in place of its <c>masterKey</c>) or not.</summary>
        private static bool IsKey(XElement element, bool encrypted) =>
            element.Name.LocalName == "key" && element.Descendants().Any(e => e.Name.LocalName == "encryptedSecret") == encrypted;

        /// <summary>While <see cref="AddMissing"/> decides: the ring as read under its lock, and what Data Protection stores meanwhile.</summary>
        private (IReadOnlyList<XElement> Stored, List<(string Name, string Xml)> Added)? locked;

        public IReadOnlyCollection<XElement> GetAllElements() => locked is var (stored, _)
            ? stored
            : database.PortalKeys.ListAsync(CancellationToken.None).GetAwaiter().GetResult().Select(xml => XElement.Parse(xml)).ToList();

        public void StoreElement(XElement element, string friendlyName)
        {
            var xml = element.ToString(SaveOptions.DisableFormatting);
            if (IsKey(element, encrypted: false))
            {
                // A process without the certificate, on a ring whose keys are encrypted (started before they were, or after every key
                // in use expired): its plain key would be taken up by the others, and readable by whoever reads the database.
                // Before serving, MakeFirstKey refuses to start, saying so; a running process says it here.
                if (GetAllElements().Any(e => IsKey(e, encrypted: true)))
                {
                    if (locked is null)
                    {
                        log.LogError("The portal's key ring holds keys encrypted to a certificate this process was not given: it does not add an " +
                            "unencrypted one, and cannot protect new cookies. Restart it with Portal:KeyCertificate and Portal:KeyCertificatePassword.");
                    }
                    throw new PlainKeyRefusedException();
                }
                log.LogWarning("The portal's new cookie key {KeyId} is stored unencrypted in the database (portal_keys): whoever can read it can " +
                    "forge sign-ins. Set Portal:KeyCertificate to encrypt new keys (README, customer portal).", (string?)element.Attribute("id"));
            }
            if (locked is var (_, added))
                added.Add((friendlyName, xml));
            else
                database.PortalKeys.AddAsync(friendlyName, xml, clock.GetUtcNow(), CancellationToken.None).GetAwaiter().GetResult();
        }

        /// <summary>
        /// Runs <paramref name="decide"/> — which reads the ring and may store elements through Data Protection — against the ring as
        /// read under its lock, storing what it stored in the same transaction. Only before the portal serves: nothing else may use
        /// the ring meanwhile.
        /// </summary>
        public void AddMissing(Action decide) =>
            database.PortalKeys.AddMissingAsync(stored =>
            {
                locked = (stored.Select(xml => XElement.Parse(xml)).ToList(), []);
                try
                {
                    decide();
                    return locked.Value.Added;
                }
                finally
                {
                    locked = null;
                }
            }, clock.GetUtcNow(), CancellationToken.None).GetAwaiter().GetResult();
    }
}
