using NodaTime;

namespace HaiDuong.Agri.Domain.Listings;

public sealed record PublishListing(
    Guid ListingId,
    IReadOnlyList<Marketplace> Marketplaces,
    string Title,
    string? Description,
    long PriceVnd,
    int Stock,
    IReadOnlyList<string> ImageUrls);

/// <summary>What listing decisions need to know about the lot being sold.</summary>
public sealed record ListedLot(
    Guid LotId,
    Guid HouseholdId,
    Guid? CooperativeId,
    string Gtin,
    string LotCode,
    string ProductName,
    int NetWeightGrams,
    int UnitCount,
    bool Recalled,
    string SellerName,
    string CommuneCode);

public sealed record OrderReport(Marketplace Marketplace, string ExternalOrderId, int Quantity, long TotalVnd, Instant OrderedAt);
