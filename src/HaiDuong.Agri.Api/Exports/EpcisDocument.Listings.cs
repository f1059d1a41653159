using System.Text.Json.Nodes;
using HaiDuong.Agri.Domain.Listings;

namespace HaiDuong.Agri.Api.Exports;

// The listing streams: listings published, marketplace orders (shipping with their purchase order) and delistings.
public static partial class EpcisDocument
{
    private static IEnumerable<Draft> ListingEvents(LotHistory history, Identifiers ids)
    {
        ListingPublished? published = null;
        foreach (var (streamId, version, data) in history.ListingEvents)
        {
            var key = $"{streamId:N}/{version}";
            switch (data)
            {
                case ListingPublished e:
                    published = e;
                    var listing = ObjectEvent(e.PublishedAt, e.PublishedAt, key, "OBSERVE");
                    listing["quantityList"] = Quantities((ids.LotClass, e.Stock, "H87"));
                    listing["bizStep"] = BizStepBase + "listing";
                    listing["disposition"] = "sellable_accessible";
                    At(listing, ids.Site);
                    Extend(listing, "sellerSku", e.SellerSku);
                    Extend(listing, "title", e.Title);
                    Extend(listing, "priceVnd", e.PriceVnd);
                    listing["agri:marketplaces"] = new JsonArray([.. e.Channels.Select(c => (JsonNode)ListingDecisions.Name(c.Marketplace))]);
                    yield return new Draft(e.PublishedAt, Rank.Listing, listing);
                    break;
                case ListingOrdered e:
                    var order = ObjectEvent(e.OrderedAt, e.RecordedAt, key, "OBSERVE");
                    order["quantityList"] = Quantities((ids.LotClass, e.Quantity, "H87"));
                    order["bizStep"] = "shipping";
                    order["disposition"] = "in_transit";
                    At(order, ids.Site);
                    order["bizTransactionList"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "po",
                        ["bizTransaction"] = OrderUrn(e.Marketplace, e.ExternalOrderId),
                    });
                    Extend(order, "marketplace", ListingDecisions.Name(e.Marketplace));
                    Extend(order, "externalOrderId", e.ExternalOrderId);
                    Extend(order, "sellerSku", published?.SellerSku);
                    Extend(order, "totalVnd", e.TotalVnd);
                    yield return new Draft(e.OrderedAt, Rank.Order, order);
                    break;
                case ListingDelisted e:
                    var delisted = ObjectEvent(e.DelistedAt, e.DelistedAt, key, "OBSERVE");
                    delisted["quantityList"] = Quantities((ids.LotClass, null, null));
                    delisted["bizStep"] = BizStepBase + "delisting";
                    delisted["disposition"] = "non_sellable_other";
                    At(delisted, ids.Site);
                    Extend(delisted, "sellerSku", published?.SellerSku);
                    Extend(delisted, "reason", e.Reason);
                    yield return new Draft(e.DelistedAt, Rank.Delisting, delisted);
                    break;
            }
        }
    }

    /// <summary>The purchase order a marketplace reported: <c>urn:haiduong-agri:order:{marketplace}:{externalOrderId}</c>.</summary>
    public static string OrderUrn(Marketplace marketplace, string externalOrderId) =>
        $"urn:haiduong-agri:order:{ListingDecisions.Name(marketplace)}:{Uri.EscapeDataString(externalOrderId)}";
}
