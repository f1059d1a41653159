using HaiDuong.Agri.Domain.Common;
using NodaTime;

namespace HaiDuong.Agri.Domain.Listings;

/// <summary>
/// Listing rules. A lot's listings together never hold more units than the lot has: <c>unitsFree</c> is the lot's unit
/// count less what its other listings hold (offered stock plus units sold), computed by the caller under a lock on the lot.
/// </summary>
public static class ListingDecisions
{
    /// <summary>The seller SKU a listing keeps for life, at every marketplace (≤ 50 characters, as feeds require).</summary>
    public static string SellerSku(Guid listingId) => "AGRI-" + listingId.ToString("N").ToUpperInvariant();

    public static Decision Publish(
        ListedLot lot, PublishListing c, IReadOnlyDictionary<Marketplace, Guid> accounts, int unitsFree, Instant now)
    {
        var missing = c.Marketplaces.Where(m => !accounts.ContainsKey(m)).ToList();
        if (lot.Recalled)
        {
            return Decision.Reject(ListingErrors.LotRecalled());
        }

        if (missing.Count > 0)
        {
            return Decision.Reject(ListingErrors.MarketplaceAccountMissing(missing));
        }

        if (c.Stock > unitsFree)
        {
            return Decision.Reject(ListingErrors.StockExceedsLot(c.Stock, unitsFree));
        }

        var channels = c.Marketplaces.Distinct().Select(m => new ListingChannel(m, accounts[m])).ToList();
        return Decision.Accept(new ListingPublished(
            c.ListingId, lot.LotId, lot.HouseholdId, lot.CooperativeId, SellerSku(c.ListingId), c.Title, c.Description, c.PriceVnd,
            c.Stock, c.ImageUrls, channels, lot.Gtin, lot.LotCode, lot.ProductName, lot.NetWeightGrams, lot.SellerName, now)
        {
            CommuneCode = lot.CommuneCode,
        });
    }

    public static Decision ChangePrice(Listing listing, long priceVnd, Instant now) =>
        listing.Delisted ? Decision.Reject(ListingErrors.Delisted())
        : priceVnd == listing.PriceVnd ? Decision.Accept()
        : Decision.Accept(new ListingPriceChanged(priceVnd, now));

    public static Decision ChangeStock(Listing listing, int stock, int unitsFree, Instant now) =>
        listing.Delisted ? Decision.Reject(ListingErrors.Delisted())
        : stock == listing.Stock ? Decision.Accept()
        : stock - listing.Stock > unitsFree ? Decision.Reject(ListingErrors.StockExceedsLot(stock, listing.Stock + unitsFree))
        : Decision.Accept(new ListingStockChanged(stock, now));

    /// <summary>Takes the listing off every marketplace; delisting twice changes nothing.</summary>
    public static Decision Delist(Listing listing, string? reason, Instant now) =>
        listing.Delisted ? Decision.Accept() : Decision.Accept(new ListingDelisted(reason, now) { CommuneCode = listing.CommuneCode });

    /// <summary>
    /// Takes an order off the stock. An order reaching a delisted listing (placed before the delisting reached the
    /// marketplace) holds units its lot may have given to other listings since: it needs <paramref name="unitsFree"/>.
    /// </summary>
    public static Decision RecordOrder(Listing listing, OrderReport order, int? unitsFree, Instant now)
    {
        if (listing.Channels.All(c => c.Marketplace != order.Marketplace))
        {
            return Decision.Reject(ListingErrors.NotOnMarketplace(order.Marketplace));
        }

        if (listing.Delisted && order.Quantity > unitsFree)
        {
            return Decision.Reject(ListingErrors.StockExceedsLot(order.Quantity, unitsFree ?? 0));
        }

        return order.Quantity > listing.Stock
            ? Decision.Reject(ListingErrors.InsufficientStock(order.Quantity, listing.Stock))
            : Decision.Accept(new ListingOrdered(
                order.Marketplace, order.ExternalOrderId, order.Quantity, order.TotalVnd, order.OrderedAt, listing.Stock - order.Quantity, now)
            {
                CommuneCode = listing.CommuneCode,
            });
    }

    public static string Name(Marketplace marketplace) => marketplace.ToString().ToLowerInvariant();
}
