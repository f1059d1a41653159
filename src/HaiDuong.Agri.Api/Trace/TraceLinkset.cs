using System.Text.Json.Serialization;

namespace HaiDuong.Agri.Api.Trace;

/// <summary>
/// The GS1 linkset of a Digital Link (RFC 9264 JSON, <c>application/linkset+json</c>): the links the resolver offers for the
/// product, keyed by GS1 link type. Written as it is declared here, so the OpenAPI document describes exactly what is sent.
/// </summary>
public sealed record TraceLinkset([property: JsonPropertyName("linkset")] IReadOnlyList<TraceLinkContext> Linkset);

/// <summary>The links of one Digital Link (<see cref="Anchor"/>), by GS1 link type; the default link is the page.</summary>
public sealed record TraceLinkContext(
    [property: JsonPropertyName("anchor")] string Anchor,
    [property: JsonPropertyName(TraceLinkContext.DefaultLinkType)] IReadOnlyList<TraceLink> DefaultLink,
    [property: JsonPropertyName(TraceLinkContext.ProductInformationPageType)] IReadOnlyList<TraceLink> ProductInformationPage,
    [property: JsonPropertyName(TraceLinkContext.TraceabilityType)] IReadOnlyList<TraceLink> Traceability,
    [property: JsonPropertyName(TraceLinkContext.CertificationInfoType), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<TraceLink>? CertificationInfo)
{
    public const string DefaultLinkType = "https://gs1.org/voc/defaultLink";
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

/// <summary>
/// The GS1 link types a <c>linkType=</c> query selects: written in full (<c>https://gs1.org/voc/pip</c>), compact
/// (<c>gs1:pip</c>) or bare (<c>pip</c>). The page and the JSON view are answered as such; certification information is a
/// 307 to the page's certifications. Others (and <c>all</c>, the linkset) are not a choice of representation.
/// </summary>
public static class LinkTypes
{
    public const string CertificationInfo = "certificationInfo";

    /// <summary>The media type to answer for <paramref name="linkType"/>, <see cref="CertificationInfo"/>, or null.</summary>
    public static string? Target(string linkType)
    {
        var name = linkType.StartsWith("https://gs1.org/voc/", StringComparison.Ordinal) ? linkType["https://gs1.org/voc/".Length..]
            : linkType.StartsWith("gs1:", StringComparison.Ordinal) ? linkType["gs1:".Length..]
            : linkType;
        return name switch
        {
            "pip" or "defaultLink" or "defaultLinkMulti" => "text/html",
            "traceability" => "application/json",
            CertificationInfo => CertificationInfo,
            _ => null,
        };
    }
}

/// <summary>
/// Fetchers that are not a person looking at the page: chat apps' and social networks' link previews (Facebook and
/// Messenger, Zalo, Telegram, WhatsApp, Skype, Slack, Discord, LinkedIn, X) and crawlers, by the user agents they document —
/// a name of their own, or <c>bot/</c>, crawler, spider or preview (not a bare "bot": a phone brand such as CUBOT has it).
/// </summary>
public static class LinkPreviews
{
    private static readonly string[] Names =
    [
        "facebookexternalhit", "facebot", "meta-externalagent", "meta-externalfetcher", "zalo-crawler", "zalobot", "telegrambot",
        "whatsapp/", "skypeuripreview", "slackbot", "discordbot", "linkedinbot", "twitterbot", "bot/", "crawler", "spider", "preview",
    ];

    public static bool IsMachine(string userAgent)
    {
        foreach (var name in Names)
        {
            if (userAgent.Contains(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
