using FluentAssertions;
using HaiDuong.Agri.Domain.Listings;
using NodaTime;

namespace HaiDuong.Agri.UnitTests.Listings;

public sealed class ListingDecisionTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 7, 1, 3, 0);
    private static readonly Guid ListingId = Guid.Parse("0190a1b2-0000-7000-8000-000000000001");
    private static readonly Guid HouseholdAccount = Guid.Parse("0190a1b2-0000-7000-8000-0000000000a1");

    private static readonly ListedLot Lot = new(
        Guid.Parse("0190a1b2-0000-7000-8000-0000000000f1"), Guid.Parse("0190a1b2-0000-7000-8000-0000000000f2"), null,
        "08931234567897", "LS0001", "Vải thiều", 2000, 100, false, "Nguyễn Văn An", "10507");

    private static PublishListing Publish(int stock, params Marketplace[] marketplaces) =>
        new(ListingId, marketplaces, "Vải thiều Thanh Hà", null, 45000, stock, []);

    private static readonly Dictionary<Marketplace, Guid> ShopeeOnly = new() { [Marketplace.Shopee] = HouseholdAccount };

    private static Listing Published(int stock = 10) =>
        Listing.From((ListingPublished)ListingDecisions.Publish(Lot, Publish(stock, Marketplace.Shopee), ShopeeOnly, 100, Now).Events.Single());

    [Fact]
    public void A_listing_keeps_one_seller_sku_derived_from_its_id()
    {
        var published = (ListingPublished)ListingDecisions.Publish(Lot, Publish(10, Marketplace.Shopee), ShopeeOnly, 100, Now).Events.Single();
        published.SellerSku.Should().Be("AGRI-0190A1B2000070008000000000000001").And.HaveLength(37);
        published.SellerSku.Should().Be(ListingDecisions.SellerSku(ListingId));
        published.Channels.Should().Equal(new ListingChannel(Marketplace.Shopee, HouseholdAccount));
    }

    [Fact]
    public void Each_marketplace_needs_an_account_and_a_recalled_lot_is_not_listed()
    {
        var missing = ListingDecisions.Publish(Lot, Publish(1, Marketplace.Shopee, Marketplace.Tiktok), ShopeeOnly, 100, Now);
        missing.Error!.Code.Should().Be("marketplace-account-missing");
        missing.Error.Data["marketplaces"].Should().BeEquivalentTo(new[] { "tiktok" });
        ListingDecisions.Publish(Lot with { Recalled = true }, Publish(1, Marketplace.Shopee), ShopeeOnly, 100, Now).Error!.Code
            .Should().Be("lot-recalled");
    }

    [Fact]
    public void Stock_may_take_exactly_the_units_free_and_not_one_more()
    {
        ListingDecisions.Publish(Lot, Publish(40, Marketplace.Shopee), ShopeeOnly, 40, Now).IsAccepted.Should().BeTrue();
        var refused = ListingDecisions.Publish(Lot, Publish(41, Marketplace.Shopee), ShopeeOnly, 40, Now);
        refused.Error!.Code.Should().Be("stock-exceeds-lot");
        refused.Error.Data["availableUnits"].Should().Be(40);

        var listing = Published(stock: 10);
        ListingDecisions.ChangeStock(listing, 15, unitsFree: 5, Now).Events.Should().Equal(new ListingStockChanged(15, Now));
        ListingDecisions.ChangeStock(listing, 16, unitsFree: 5, Now).Error!.Code.Should().Be("stock-exceeds-lot");
        ListingDecisions.ChangeStock(listing, 0, unitsFree: 0, Now).IsAccepted.Should().BeTrue();
        ListingDecisions.ChangeStock(listing, 10, unitsFree: 0, Now).Events.Should().BeEmpty();
    }

    [Fact]
    public void An_order_takes_its_units_off_the_stock_and_never_more_than_the_stock()
    {
        var listing = Published(stock: 10);
        var order = new OrderReport(Marketplace.Shopee, "SP-1", 4, 180000, Now);
        var ordered = (ListingOrdered)ListingDecisions.RecordOrder(listing, order, null, Now).Events.Single();
        ordered.StockAfter.Should().Be(6);
        var after = listing.Then(ordered);
        after.Stock.Should().Be(6);
        after.Sold.Should().Be(4);
        after.UnitsHeld.Should().Be(10);

        ListingDecisions.RecordOrder(after, order with { Quantity = 7 }, null, Now).Error!.Code.Should().Be("insufficient-stock");
        ListingDecisions.RecordOrder(after, order with { Marketplace = Marketplace.Lazada }, null, Now).Error!.Code.Should().Be("listing-not-on-marketplace");
    }

    [Fact]
    public void A_delisted_listing_holds_only_what_it_sold_and_changes_no_more()
    {
        var listing = Published(stock: 10).Then(new ListingOrdered(Marketplace.Shopee, "SP-1", 3, 1, Now, 7, Now));
        var delisted = listing.Then(ListingDecisions.Delist(listing, "hết hàng", Now).Events.Single());
        delisted.UnitsHeld.Should().Be(3);
        ListingDecisions.Delist(delisted, null, Now).Events.Should().BeEmpty();
        ListingDecisions.ChangePrice(delisted, 1, Now).Error!.Code.Should().Be("listing-delisted");
        ListingDecisions.ChangeStock(delisted, 1, 100, Now).Error!.Code.Should().Be("listing-delisted");
        ListingDecisions.ChangePrice(listing, listing.PriceVnd, Now).Events.Should().BeEmpty();

        // An order placed before the delisting reached the marketplace takes units only if the lot still has them free.
        var late = new OrderReport(Marketplace.Shopee, "SP-2", 2, 1, Now);
        ListingDecisions.RecordOrder(delisted, late, unitsFree: 2, Now).IsAccepted.Should().BeTrue();
        ListingDecisions.RecordOrder(delisted, late, unitsFree: 1, Now).Error!.Code.Should().Be("stock-exceeds-lot");
    }

    [Fact]
    public void An_owners_account_id_is_the_same_on_every_link_and_differs_between_owners_and_marketplaces()
    {
        var household = Guid.Parse("0190a1b2-0000-7000-8000-0000000000f2");
        MarketplaceAccount.IdFor(household, null, Marketplace.Shopee).Should().Be(MarketplaceAccount.IdFor(household, null, Marketplace.Shopee));
        MarketplaceAccount.IdFor(household, null, Marketplace.Shopee).Should().NotBe(MarketplaceAccount.IdFor(household, null, Marketplace.Lazada));
        MarketplaceAccount.IdFor(null, household, Marketplace.Shopee).Should().NotBe(MarketplaceAccount.IdFor(household, null, Marketplace.Shopee));
    }
}
