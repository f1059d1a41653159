using System.Text.Json.Nodes;

namespace HaiDuong.Agri.Api.Exports;

// The master data in the header: the business locations (growing area, packing site) from the registry documents, with
// the growing-area and packing-house codes the lot carries.
public static partial class EpcisDocument
{
    private const string MasterData = "urn:epcglobal:cbv:mda#";

    /// <summary>Master data naming the two locations the events happen at: the growing area and the packing site.</summary>
    private static JsonObject Locations(LotHistory history, Identifiers ids)
    {
        var area = new JsonArray();
        if (history.Area is { } a)
        {
            Attribute(area, MasterData + "name", a.Name);
            Attribute(area, MasterData + "countryCode", CountryOfOrigin);
            Attribute(area, MasterData + "latitude", a.Latitude);
            Attribute(area, MasterData + "longitude", a.Longitude);
            Attribute(area, Namespace + "areaCode", a.AreaCode);
            foreach (var code in history.Lot.GrowingAreaCodes)
            {
                Attribute(area, Namespace + "growingAreaCode", code);
            }

            Attribute(area, Namespace + "communeCode", a.CommuneCode);
            Attribute(area, Namespace + "crop", a.Crop);
            Attribute(area, Namespace + "areaM2", a.AreaM2);
        }

        var site = new JsonArray();
        var (name, address, province, commune) = history.Cooperative is { } c
            ? (c.Name, c.Address, c.ProvinceCode, c.CommuneCode)
            : history.Household is { } h ? (h.Name, h.Address, h.ProvinceCode, h.CommuneCode) : (null, null, null, null);
        Attribute(site, MasterData + "name", name);
        Attribute(site, MasterData + "streetAddressOne", address);
        Attribute(site, MasterData + "countryCode", CountryOfOrigin);
        Attribute(site, Namespace + "provinceCode", province);
        Attribute(site, Namespace + "communeCode", commune);
        foreach (var code in history.Lot.PackingHouseCodes)
        {
            Attribute(site, Namespace + "packingHouseCode", code);
        }

        return new JsonObject
        {
            ["type"] = "urn:epcglobal:epcis:vtype:BusinessLocation",
            ["vocabularyElementList"] = new JsonArray(
                new JsonObject { ["id"] = ids.Area, ["attributes"] = area },
                new JsonObject { ["id"] = ids.Site, ["attributes"] = site }),
        };
    }

    private static void Attribute(JsonArray attributes, string id, JsonNode? value)
    {
        if (value is not null)
        {
            attributes.Add(new JsonObject { ["id"] = id, ["attribute"] = value });
        }
    }
}
