using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace HaiDuong.Agri.Api.Infrastructure.Marten;

/// <summary>One ASP.NET Data Protection key ring entry, kept in the database so every instance and restart decrypts alike.</summary>
public sealed class DataProtectionKey
{
    public string Id { get; set; } = "";

    public string Xml { get; set; } = "";
}

/// <summary>
/// Data Protection with its key ring in PostgreSQL: secrets encrypted by one instance are readable by the others and
/// after a restart (a key ring kept in memory or a container folder would lose every stored token on redeploy).
/// </summary>
public sealed class DataProtectionKeys(IDocumentStore store) : IXmlRepository
{
    public static void AddTo(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("HaiDuong.Agri");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DataProtectionKeys(sp.GetRequiredService<IDocumentStore>())));
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        // The interface is synchronous; Data Protection reads the ring rarely (start-up, then about daily) and off hot paths.
        using var session = store.QuerySession();
        var keys = session.Query<DataProtectionKey>().ToListAsync().GetAwaiter().GetResult();
        return keys.Select(k => XElement.Parse(k.Xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var session = store.LightweightSession();
        session.Store(new DataProtectionKey { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        session.SaveChangesAsync().GetAwaiter().GetResult();
    }
}
