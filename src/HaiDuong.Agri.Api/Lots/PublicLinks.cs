using HaiDuong.Agri.Domain.Gs1;

namespace HaiDuong.Agri.Api.Lots;

/// <summary>The public base address of the trace pages (<c>Agri:PublicBaseUrl</c>) and the GS1 Digital Links under it.</summary>
public sealed class PublicLinks
{
    public PublicLinks(IConfiguration configuration)
    {
        var configured = configuration["Agri:PublicBaseUrl"] is { Length: > 0 } value ? value : "http://localhost:5000";
        if (!Uri.TryCreate(configured, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0)
        {
            throw new InvalidOperationException($"Agri:PublicBaseUrl must be an absolute http(s) address without a query, not '{configured}'.");
        }

        BaseUrl = configured.TrimEnd('/');
    }

    public string BaseUrl { get; }

    public string ForLot(string gtin14, string lotCode) => DigitalLink.ForLot(BaseUrl, gtin14, lotCode);

    public string ForUnit(string gtin14, string lotCode, string serial) => DigitalLink.ForUnit(BaseUrl, gtin14, lotCode, serial);
}
