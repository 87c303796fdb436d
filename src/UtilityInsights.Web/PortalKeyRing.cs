using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
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

    public static void AddServices(IServiceCollection services, UtilityDatabase database, TimeProvider clock)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = new DatabaseXmlRepository(database, clock));
    }

    /// <summary>
    /// Data Protection's storage interface is synchronous and called rarely — on start, when a key is made (every 90 days) and
    /// when the ring is read again (every 24 hours at most) — so it waits on the store's calls.
    /// </summary>
    private sealed class DatabaseXmlRepository(UtilityDatabase database, TimeProvider clock) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() =>
            database.PortalKeys.ListAsync(CancellationToken.None).GetAwaiter().GetResult().Select(xml => XElement.Parse(xml)).ToList();

        public void StoreElement(XElement element, string friendlyName) =>
            database.PortalKeys.AddAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting), clock.GetUtcNow(), CancellationToken.None)
                .GetAwaiter().GetResult();
    }
}
