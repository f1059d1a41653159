using System.Text.Json.Serialization;

namespace HaiDuong.Agri.Api.Trace;

/// <summary>
/// The GS1 linkset of a Digital Link (RFC 9264 JSON, <c>application/linkset+json</c>): the links the resolver offers for the
/// product, keyed by GS1 link type. Written as it is declared here, so the OpenAPI document describes exactly what is sent.
/// </summary>
public sealed record TraceLinkset([property: JsonPropertyName("linkset")] IReadOnlyList<TraceLinkContext> Linkset);

/// <summary>The links of one Digital Link (<see cref="Anchor"/>), by GS1 link type.</summary>
public sealed record TraceLinkContext(
    [property: JsonPropertyName("anchor")] string Anchor,
    [property: JsonPropertyName(TraceLinkContext.ProductInformationPageType)] IReadOnlyList<TraceLink> ProductInformationPage,
    [property: JsonPropertyName(TraceLinkContext.TraceabilityType)] IReadOnlyList<TraceLink> Traceability,
    [property: JsonPropertyName(TraceLinkContext.CertificationInfoType), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<TraceLink>? CertificationInfo)
{
    public const string ProductInformationPageType = "https://gs1.org/voc/pip";
    public const string TraceabilityType = "https://gs1.org/voc/traceability";

    /// <summary>Present only when the lot shows certifications.</summary>
    public const string CertificationInfoType = "https://gs1.org/voc/certificationInfo";
}

/// <summary>One link target: where, as what media type, in which languages, and its title (the product's name for the page).</summary>
public sealed record TraceLink(
    [property: JsonPropertyName("href")] string Href,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("hreflang"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Hreflang,
    [property: JsonPropertyName("title")] string? Title);
