using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HaiDuong.Agri.Api.Infrastructure.OpenApi;

/// <summary>Says what each group of operations (each module's tag) is for; a tag not described here stops the document from being written.</summary>
public sealed class TagDescriptionsFilter : IDocumentFilter
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["Access"] = "API keys: each has a role and a scope (a household, a cooperative, a certification body, a marketplace); admin only.",
        ["Registry"] = "Cooperatives (HTX), their member households and the households' growing areas.",
        ["Sessions"] = "Browser sessions for the household app, the desk and the dashboard: sign in with a key or a one-time sign-in code.",
        ["Batches"] = "A batch's field diary, one event stream per batch: planting, inputs, activities, harvests (offline uploads in bulk).",
        ["Certification"] = "VietGAP and GLOBALG.A.P.: checklists, inspections, certificates and their suspension.",
        ["Compliance"] = "Export compliance: growing-area codes (mã số vùng trồng) and packing-house codes (mã số cơ sở đóng gói), each one holder's, with their approval, suspension and reinstatement per market.",
        ["Lots and stamps"] = "Packing harvests into lots (GS1 GTIN and lot code), serialized QR stamps, label sheets and recalls.",
        ["Exports"] = "A lot's history as GS1 EPCIS 2.0 and the FDA FSMA 204 spreadsheet.",
        ["Public trace"] = "The GS1 Digital Link resolver a consumer reaches by scanning a stamp: the trace page, its JSON view, the linkset.",
        ["Listings and marketplaces"] = "Listing lots on e-commerce marketplaces, linked shop accounts, reported orders and the sync's dead letters.",
        ["Feeds"] = "Listings for platforms that pull: a change feed and catalogue files, revalidated with ETag.",
        ["Statistics"] = "Onboarding and sales figures per commune for the province.",
        ["Regions"] = "The administrative-units register: each province's communes and wards with their official codes and names (Hải Phòng's of 1 July 2025 ship with the app); admins edit it.",
        ["Operations"] = "What an operator watches and does: the async daemon's progress and its recovery from a stall (admin).",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        foreach (var tag in swaggerDoc.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            tag.Description = Descriptions.TryGetValue(tag.Name ?? "", out var description)
                ? description
                : throw new InvalidOperationException($"The tag '{tag.Name}' has no description in {nameof(TagDescriptionsFilter)}.");
        }
    }
}
