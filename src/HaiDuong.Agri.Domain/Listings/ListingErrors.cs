using HaiDuong.Agri.Domain.Common;

namespace HaiDuong.Agri.Domain.Listings;

/// <summary>The refusals of the listing rules; codes are part of the API (problem types).</summary>
public static class ListingErrors
{
    public const string LotRecalledCode = "lot-recalled";
    public const string MarketplaceAccountMissingCode = "marketplace-account-missing";
    public const string NotOnMarketplaceCode = "listing-not-on-marketplace";
    public const string InsufficientStockCode = "insufficient-stock";
    public const string DelistedCode = "listing-delisted";
    public const string StockExceedsLotCode = "stock-exceeds-lot";

    public static DomainError LotRecalled() =>
        new(LotRecalledCode, "The lot is recalled", "A recalled lot cannot be listed for sale.");

    public static DomainError MarketplaceAccountMissing(IReadOnlyList<Marketplace> missing)
    {
        var names = string.Join(", ", missing.Select(ListingDecisions.Name));
        return new DomainError(
            MarketplaceAccountMissingCode, "No linked marketplace account",
            $"Neither the household nor its cooperative has linked an account for: {names}. Link one at …/marketplace-accounts first.")
        {
            Data = new Dictionary<string, object?> { ["marketplaces"] = missing.Select(ListingDecisions.Name).ToArray() },
        };
    }

    public static DomainError NotOnMarketplace(Marketplace marketplace) => new(
        NotOnMarketplaceCode, "The listing is not offered on this marketplace",
        $"The listing is not offered on {ListingDecisions.Name(marketplace)}.");

    public static DomainError InsufficientStock(int quantity, int stock) => new(
        InsufficientStockCode, "The order is larger than the listing's stock",
        $"{quantity} units ordered, {stock} in stock.")
    {
        Data = new Dictionary<string, object?> { ["stock"] = stock },
    };

    public static DomainError Delisted() =>
        new(DelistedCode, "The listing is delisted", "A delisted listing cannot change; publish a new listing instead.");

    public static DomainError StockExceedsLot(int requested, int available) =>
        new(StockExceedsLotCode, "More stock than the lot has left", $"{requested} units requested, but the lot has only {available} units not held by its other listings.")
        {
            Data = new Dictionary<string, object?> { ["availableUnits"] = Math.Max(available, 0) },
        };
}
