using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FluentAssertions;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using HaiDuong.Agri.Marketplaces;
using HaiDuong.Agri.Marketplaces.Adapters;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace HaiDuong.Agri.IntegrationTests.Marketplaces;

/// <summary>Each adapter against the fake platforms on loopback: real HTTP, real signatures, no database.</summary>
public sealed class AdapterTests : IAsyncLifetime
{
    private const string Shop = "shop-7001";
    private const string Token = "access-token-7001";

    private readonly FakeMarketplaces fake = new();
    private readonly List<HttpClient> clients = [];
    private MarketplaceOptions options = new();

    public static TheoryData<Marketplace> All => new(Enum.GetValues<Marketplace>());

    /// <summary>The platforms with shop tokens (not the webhook).</summary>
    public static TheoryData<Marketplace> WithTokens => new(Marketplace.Shopee, Marketplace.Lazada, Marketplace.Tiktok);

    public async Task InitializeAsync()
    {
        await fake.StartAsync();
        options = Bind(fake.Configuration());
        foreach (var marketplace in WithTokens)
        {
            fake.AcceptToken(marketplace, Shop, Token);
        }
    }

    public async Task DisposeAsync()
    {
        clients.ForEach(c => c.Dispose());
        await fake.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Create_makes_exactly_one_product_with_the_listing_fields(Marketplace marketplace)
    {
        var listing = Listing();

        var outcome = await Adapter(marketplace).SyncAsync(Request(SyncOperation.Create, listing), default);

        var product = fake.Product(marketplace, listing.SellerSku)!;
        outcome.Should().Be(new SyncSucceeded(product.ExternalId));
        fake.Creates(marketplace).Should().Be(1);
        product.ShopId.Should().Be(marketplace == Marketplace.Webhook ? "" : Shop);
        product.Title.Should().Be(listing.Title);
        product.PriceVnd.Should().Be(45000);
        product.Stock.Should().Be(120);
        product.WeightKg.Should().Be(2m);
        product.Listed.Should().BeTrue();
        if (marketplace == Marketplace.Webhook)
        {
            var body = JsonNode.Parse(fake.Deliveries.Single().Body)!;
            body["event"]!.GetValue<string>().Should().Be("listing.published");
            body["deliveryId"]!.GetValue<string>().Should().Be("delivery-1");
            body["listing"]!["traceUrl"]!.GetValue<string>().Should().Be(listing.TraceUrl);
            body["listing"]!["gtin"]!.GetValue<string>().Should().Be(listing.Gtin);
            body["listing"]!["seller"]!.GetValue<string>().Should().Be(listing.SellerName);
            body["listing"]!["imageUrls"]!.AsArray().Should().HaveCount(1);
        }
        else
        {
            product.Description.Should().StartWith(listing.Description).And.Contain(listing.TraceUrl).And.Contain(listing.Gtin).And.Contain(listing.LotCode);
        }

        fake.SignatureFailures.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task A_retried_create_makes_no_second_product(Marketplace marketplace)
    {
        var request = Request(SyncOperation.Create, Listing());

        var first = await Adapter(marketplace).SyncAsync(request, default);
        var again = await Adapter(marketplace).SyncAsync(request, default);

        first.Should().BeOfType<SyncSucceeded>();
        again.Should().Be(first);
        fake.Creates(marketplace).Should().Be(1);
        fake.Products(marketplace).Should().ContainSingle();
        fake.SignatureFailures.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Update_pushes_absolute_price_and_stock(Marketplace marketplace)
    {
        var listing = Listing();
        var created = (SyncSucceeded)await Adapter(marketplace).SyncAsync(Request(SyncOperation.Create, listing), default);
        var changed = listing with { Version = 2, PriceVnd = 52000, Stock = 7 };

        var outcome = await Adapter(marketplace).SyncAsync(Request(SyncOperation.Update, changed, created.ExternalId, "delivery-2"), default);

        outcome.Should().Be(new SyncSucceeded(created.ExternalId));
        var product = fake.Product(marketplace, listing.SellerSku)!;
        product.PriceVnd.Should().Be(52000);
        product.Stock.Should().Be(7);
        fake.Creates(marketplace).Should().Be(1);
        fake.SignatureFailures.Should().BeEmpty();
    }

    [Theory]
    [InlineData(Marketplace.Shopee)]
    [InlineData(Marketplace.Lazada)]
    public async Task Without_a_known_id_an_update_finds_the_product_by_seller_SKU(Marketplace marketplace)
    {
        var listing = Listing();
        await Adapter(marketplace).SyncAsync(Request(SyncOperation.Create, listing), default);

        var outcome = await Adapter(marketplace).SyncAsync(Request(SyncOperation.Update, listing with { Stock = 3 }), default);

        outcome.Should().BeOfType<SyncSucceeded>();
        fake.Product(marketplace, listing.SellerSku)!.Stock.Should().Be(3);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Delist_takes_the_product_down(Marketplace marketplace)
    {
        var listing = Listing();
        var created = (SyncSucceeded)await Adapter(marketplace).SyncAsync(Request(SyncOperation.Create, listing), default);

        var outcome = await Adapter(marketplace).SyncAsync(
            Request(SyncOperation.Delist, listing with { Delisted = true }, created.ExternalId, "delivery-3"), default);

        outcome.Should().Be(new SyncSucceeded(created.ExternalId));
        fake.Product(marketplace, listing.SellerSku)!.Listed.Should().BeFalse();
        if (marketplace == Marketplace.Webhook)
        {
            fake.Deliveries.Select(d => d.Event).Should().Equal("listing.published", "listing.delisted");
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Server_errors_and_throttling_are_retryable_and_carry_Retry_After(Marketplace marketplace)
    {
        var adapter = Adapter(marketplace);
        var request = Request(SyncOperation.Create, Listing());

        fake.FailNext(marketplace, FakeFailure.ServerError);
        var serverError = await adapter.SyncAsync(request, default);
        fake.FailNext(marketplace, FakeFailure.TooManyRequests, retryAfter: TimeSpan.FromSeconds(7));
        var tooMany = await adapter.SyncAsync(request, default);
        fake.FailNext(marketplace, FakeFailure.Throttled, retryAfter: TimeSpan.FromSeconds(3));
        var throttled = await adapter.SyncAsync(request, default);

        serverError.Should().BeOfType<SyncFailed>().Which.Kind.Should().Be(SyncFailureKind.Retryable);
        ((SyncFailed)serverError).Reason.Should().Contain("500");
        tooMany.Should().BeOfType<SyncFailed>().Which.Should().BeEquivalentTo(new { Kind = SyncFailureKind.Retryable, RetryAfter = TimeSpan.FromSeconds(7) });
        throttled.Should().BeOfType<SyncFailed>().Which.Should().BeEquivalentTo(new { Kind = SyncFailureKind.Retryable, RetryAfter = TimeSpan.FromSeconds(3) });
        fake.Creates(marketplace).Should().Be(0);

        (await adapter.SyncAsync(request, default)).Should().BeOfType<SyncSucceeded>("the failures were used up");
        fake.Creates(marketplace).Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task An_expired_or_invalid_token_is_an_auth_failure(Marketplace marketplace)
    {
        fake.FailNext(marketplace, FakeFailure.AuthError);

        var outcome = await Adapter(marketplace).SyncAsync(Request(SyncOperation.Create, Listing()), default);

        outcome.Should().BeOfType<SyncFailed>().Which.Kind.Should().Be(SyncFailureKind.Auth);
    }

    [Theory]
    [MemberData(nameof(WithTokens))]
    public async Task A_token_the_platform_does_not_know_is_an_auth_failure_naming_the_call(Marketplace marketplace)
    {
        var request = Request(SyncOperation.Create, Listing()) with { Shop = new ShopCredentials(Shop, "revoked-token", null) };

        var outcome = await Adapter(marketplace).SyncAsync(request, default);

        var failed = outcome.Should().BeOfType<SyncFailed>().Subject;
        failed.Kind.Should().Be(SyncFailureKind.Auth);
        failed.Reason.Should().Contain(marketplace == Marketplace.Tiktok ? "TikTok" : marketplace.ToString()).And.Contain("/");
        fake.Creates(marketplace).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(WithTokens))]
    public async Task A_shop_without_a_token_fails_auth_without_a_call(Marketplace marketplace)
    {
        var request = Request(SyncOperation.Create, Listing()) with { Shop = new ShopCredentials(Shop, null, null) };

        var outcome = await Adapter(marketplace).SyncAsync(request, default);

        outcome.Should().BeOfType<SyncFailed>().Which.Kind.Should().Be(SyncFailureKind.Auth);
        fake.Requests.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task A_validation_refusal_is_permanent_with_the_platforms_message(Marketplace marketplace)
    {
        fake.FailNext(marketplace, FakeFailure.ValidationError);

        var outcome = await Adapter(marketplace).SyncAsync(Request(SyncOperation.Create, Listing()), default);

        var failed = outcome.Should().BeOfType<SyncFailed>().Subject;
        failed.Kind.Should().Be(SyncFailureKind.Permanent);
        failed.RetryAfter.Should().BeNull();
        failed.Reason.Should().MatchRegex("(?i)name|title|category|required");
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task A_create_that_times_out_is_retryable_and_its_retry_makes_no_duplicate(Marketplace marketplace)
    {
        var request = Request(SyncOperation.Create, Listing());
        var hold = fake.HoldNext(marketplace);

        var outcome = await Adapter(marketplace, TimeSpan.FromSeconds(1)).SyncAsync(request, default);

        outcome.Should().BeOfType<SyncFailed>().Which.Kind.Should().Be(SyncFailureKind.Retryable);
        ((SyncFailed)outcome).Reason.Should().Contain("no answer within 1 s");
        hold.Arrived.IsCompleted.Should().BeTrue();
        fake.Creates(marketplace).Should().Be(1, "the platform made the product although we never heard back");

        var retried = await Adapter(marketplace).SyncAsync(request, default);

        retried.Should().Be(new SyncSucceeded(fake.Product(marketplace, request.Listing.SellerSku)!.ExternalId));
        fake.Creates(marketplace).Should().Be(1);
        fake.Products(marketplace).Should().ContainSingle();
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task The_callers_cancellation_propagates_instead_of_becoming_a_failure(Marketplace marketplace)
    {
        var hold = fake.HoldNext(marketplace);
        using var stopping = new CancellationTokenSource();

        var sync = Adapter(marketplace).SyncAsync(Request(SyncOperation.Create, Listing()), stopping.Token);
        await hold.Arrived.WaitAsync(TimeSpan.FromSeconds(10));
        await stopping.CancelAsync();

        await FluentActions.Awaiting(() => sync).Should().ThrowAsync<OperationCanceledException>();
        fake.Creates(marketplace).Should().Be(1, "a platform keeps what it received even when the app stops mid-call");
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task A_refused_connection_is_retryable(Marketplace marketplace)
    {
        var closed = $"http://127.0.0.1:{FreePort()}/nothing";
        var settings = fake.Configuration();
        foreach (var key in settings.Keys.Where(k => k.EndsWith(":BaseUrl", StringComparison.Ordinal) || k.EndsWith(":Url", StringComparison.Ordinal)).ToList())
        {
            settings[key] = closed;
        }

        var outcome = await Adapter(marketplace, options: Bind(settings)).SyncAsync(Request(SyncOperation.Create, Listing()), default);

        outcome.Should().BeOfType<SyncFailed>().Which.Kind.Should().Be(SyncFailureKind.Retryable);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task An_unconfigured_adapter_fails_permanently_without_any_call(Marketplace marketplace)
    {
        var adapter = Adapter(marketplace, options: new MarketplaceOptions());

        var outcome = await adapter.SyncAsync(Request(SyncOperation.Create, Listing()), default);

        adapter.IsConfigured.Should().BeFalse();
        adapter.Marketplace.Should().Be(marketplace);
        outcome.Should().BeOfType<SyncFailed>().Which.Should().BeEquivalentTo(new { Kind = SyncFailureKind.Permanent });
        ((SyncFailed)outcome).Reason.Should().StartWith("Marketplaces:").And.Contain("is not configured");
        fake.Requests.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task The_fake_rejects_a_signature_made_with_the_wrong_secret(Marketplace marketplace)
    {
        var settings = fake.Configuration();
        foreach (var key in settings.Keys.Where(k => k.EndsWith("Key", StringComparison.Ordinal) && !k.EndsWith("AppKey", StringComparison.Ordinal) || k.EndsWith("Secret", StringComparison.Ordinal)).ToList())
        {
            settings[key] = "tampered";
        }

        var outcome = await Adapter(marketplace, options: Bind(settings)).SyncAsync(Request(SyncOperation.Create, Listing()), default);

        outcome.Should().BeOfType<SyncFailed>().Which.Kind.Should().NotBe(SyncFailureKind.Retryable, "a bad signature does not heal by waiting");
        fake.SignatureFailures.Should().ContainSingle().Which.Marketplace.Should().Be(marketplace);
        fake.Creates(marketplace).Should().Be(0);
    }

    [Fact]
    public async Task Shopee_refuses_a_timestamp_older_than_five_minutes()
    {
        var adapter = new ShopeeAdapter(Client(), Options.Create(options), new FixedTime(DateTimeOffset.UtcNow.AddMinutes(-6)));

        var outcome = await adapter.SyncAsync(Request(SyncOperation.Create, Listing()), default);

        outcome.Should().BeOfType<SyncFailed>().Which.Reason.Should().Contain("error_sign");
        fake.SignatureFailures.Should().ContainSingle();
    }

    [Fact]
    public async Task A_Shopee_create_of_an_item_that_exists_only_pushes_price_and_stock()
    {
        var listing = Listing();
        await Adapter(Marketplace.Shopee).SyncAsync(Request(SyncOperation.Create, listing), default);
        var before = fake.Requests.Count;

        var outcome = await Adapter(Marketplace.Shopee).SyncAsync(Request(SyncOperation.Create, listing with { PriceVnd = 47000 }), default);

        outcome.Should().BeOfType<SyncSucceeded>();
        fake.Requests.Skip(before).Select(r => r.Path).Should().Equal(
            "/api/v2/product/search_item", "/api/v2/product/update_price", "/api/v2/product/update_stock");
        fake.Product(Marketplace.Shopee, listing.SellerSku)!.PriceVnd.Should().Be(47000);
    }

    [Fact]
    public async Task Webhook_headers_name_the_event_and_delivery_and_a_redelivery_is_not_applied_twice()
    {
        var listing = Listing();
        var adapter = Adapter(Marketplace.Webhook);
        await adapter.SyncAsync(Request(SyncOperation.Create, listing), default);
        var update = Request(SyncOperation.Update, listing with { Stock = 5 }, deliveryId: "delivery-9");
        await adapter.SyncAsync(update, default);
        await adapter.SyncAsync(update, default);

        fake.Deliveries.Select(d => (d.Event, d.DeliveryId)).Should().Equal(
            ("listing.published", "delivery-1"), ("listing.updated", "delivery-9"), ("listing.updated", "delivery-9"));
        fake.Product(Marketplace.Webhook, listing.SellerSku)!.Stock.Should().Be(5);
        fake.Creates(Marketplace.Webhook).Should().Be(1);
        fake.SignatureFailures.Should().BeEmpty();
    }

    private static ListingSnapshot Listing() => new(
        Guid.NewGuid(),
        1,
        "VT-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
        "Vải thiều Thanh Hà loại 1 – hộp 2 kg",
        "Quả to, cùi dày, ngọt đậm; hái sáng sớm tại Thanh Hà.",
        45000,
        120,
        ["https://cdn.example.vn/vai-thieu.jpg"],
        "08931234567897",
        "260603-K7QF",
        "Vải thiều Thanh Hà",
        2000,
        "HTX Nông nghiệp Thanh Hà",
        "https://trace.example.vn/01/08931234567897/10/260603-K7QF",
        false);

    private static SyncRequest Request(SyncOperation operation, ListingSnapshot listing, string? externalId = null, string deliveryId = "delivery-1") =>
        new(listing, new ShopCredentials(Shop, Token, null), operation, externalId, deliveryId, new Guid($"00000000-0000-4000-8000-{listing.ListingId.ToString("N")[..12]}"));

    private IMarketplaceAdapter Adapter(Marketplace marketplace, TimeSpan? timeout = null, MarketplaceOptions? options = null)
    {
        var http = Client(timeout);
        var settings = Options.Create(options ?? this.options);
        return marketplace switch
        {
            Marketplace.Shopee => new ShopeeAdapter(http, settings, TimeProvider.System),
            Marketplace.Lazada => new LazadaAdapter(http, settings, TimeProvider.System),
            Marketplace.Tiktok => new TikTokAdapter(http, settings, TimeProvider.System),
            _ => new WebhookAdapter(http, settings, TimeProvider.System),
        };
    }

    private HttpClient Client(TimeSpan? timeout = null)
    {
        var client = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(10) };
        clients.Add(client);
        return client;
    }

    private static MarketplaceOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(MarketplaceOptions.Section).Get<MarketplaceOptions>()!;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
