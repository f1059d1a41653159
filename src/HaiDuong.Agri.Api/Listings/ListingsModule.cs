using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Api.Infrastructure.OpenApi;
using HaiDuong.Agri.Api.Listings.Sync;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.Marketplaces;
using JasperFx.Events.Projections;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Listings;

public sealed class ListingsModule : IAgriModule
{
    public void ConfigureStore(StoreOptions opts)
    {
        opts.Events.MapEventType<ListingPublished>("listing_published");
        opts.Events.MapEventType<ListingPriceChanged>("listing_price_changed");
        opts.Events.MapEventType<ListingStockChanged>("listing_stock_changed");
        opts.Events.MapEventType<ListingDelisted>("listing_delisted");
        opts.Events.MapEventType<ListingOrdered>("listing_ordered");
        opts.Events.MapEventType<ListingSynced>("listing_synced");
        opts.Events.MapEventType<ListingSyncFailed>("listing_sync_failed");
        opts.Events.MapEventType<ListingSyncReplayed>("listing_sync_replayed");
        opts.Events.MapEventType<MarketplaceAccountLinked>("marketplace_account_linked");
        opts.Events.MapEventType<MarketplaceAccountNeedsReauthorization>("marketplace_account_needs_reauthorization");
        opts.Projections.Add(
            new StateProjection<Listing, ListingPublished>((e, _) => Listing.From(e), (listing, e, _) => listing.Then(e)),
            ProjectionLifecycle.Live);
        opts.Projections.Add<ListingDetailsProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add(
            new StateProjection<MarketplaceAccount, MarketplaceAccountLinked>(
                (e, version) => MarketplaceAccount.From(e) with { Version = version },
                (account, e, version) => account.Then(e) with { Version = version }),
            ProjectionLifecycle.Inline);
        // The lot's listings, and the list route's filters and newest-first order.
        opts.Schema.For<ListingDetails>().Index(l => l.LotId).Index(l => l.HouseholdId).Index(l => l.CooperativeId).Index(l => l.PublishedAt);
        opts.Schema.For<MarketplaceCredentials>();
        opts.Schema.For<MarketplaceOrder>().Index(o => o.ListingId)
            .Index(o => o.CooperativeId).Index(o => o.HouseholdId).Index(o => o.OrderedAt); // GET /orders: its scopes and its newest-first order
        SyncLedger.ConfigureStore(opts);
    }

    public void AddServices(IServiceCollection services, IConfiguration configuration, MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
    {
        services.AddSingleton<MarketplaceTokens>();
        services.AddMarketplaceAdapters(configuration);
        services.Configure<SyncOptions>(configuration.GetSection("Marketplaces:Sync"));
        services.AddHostedService<SyncDispatcher>();
        marten.AddSubscriptionWithServices<ListingSyncSubscription>(ServiceLifetime.Scoped);
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var listings = app.MapGroup("/api/v1/listings")
            .WithTags("Listings and marketplaces")
            .RequireRoles(Role.Cooperative, Role.Household)
            .WithCommandTransaction();

        // Admins read every listing (the group's commands are the sellers' own).
        app.MapGet("/api/v1/listings", async (
                    Guid? cooperativeId, Guid? householdId, string? communeCode, string? status, string? from, string? to, int? page, int? pageSize,
                    HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(
                    new ListListings(http.Caller(), cooperativeId, householdId, communeCode, status, from, to, page, pageSize), http.RequestAborted)))
            .WithTags("Listings and marketplaces")
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithName("ListListings")
            .WithQueryRules<ListListings>()
            .WithSummary("Listings, newest published first, a page at a time (pageSize ≤ 200): an admin's all, a cooperative's members', a household's own; filters cooperativeId, householdId, communeCode (the household's), status (active, delisted), from/to (publication date, yyyy-MM-dd)")
            .ProducesQueryProblems(400);

        listings.MapPost("/", (PublishListingRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new PublishListingCommand(http.Caller(), body), http.RequestAborted).Created(l => $"/api/v1/listings/{l.Id}"))
            .WithName("PublishListing")
            .WithSummary("List a lot for sale on marketplaces (each needs a linked account of the household or its cooperative)")
            .ProducesCommandProblems(404)
            .Refuses(ListingErrors.LotRecalledCode, ListingErrors.MarketplaceAccountMissingCode, ListingErrors.StockExceedsLotCode);

        listings.MapGetById("/{id:guid}", (caller, id) => new GetListing(caller, id), l => l.ChangeVersion)
            .WithName("GetListing")
            .WithSummary("A listing with its state at each marketplace: status, external id, attempts, last error")
            .ProducesQueryProblems();

        listings.MapPost("/{id:guid}/price", (Guid id, ChangePriceRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new ChangePriceCommand(http.Caller(), id, Versions.ExpectedVersion(http.Request), body), http.RequestAborted).Ok())
            .WithName("ChangeListingPrice")
            .WithSummary("Set the price (VND); every marketplace gets the new absolute price")
            .ProducesCommandProblems(404, 412)
            .Refuses(ListingErrors.DelistedCode);

        listings.MapPost("/{id:guid}/stock", (Guid id, ChangeStockRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new ChangeStockCommand(http.Caller(), id, Versions.ExpectedVersion(http.Request), body), http.RequestAborted).Ok())
            .WithName("ChangeListingStock")
            .WithSummary("Set the stock offered (never more than the lot has left); every marketplace gets the new absolute stock")
            .ProducesCommandProblems(404, 412)
            .Refuses(ListingErrors.DelistedCode, ListingErrors.StockExceedsLotCode);

        listings.MapPost("/{id:guid}/delist", (Guid id, HttpContext http, IMediator mediator, DelistRequest? body = null) =>
                mediator.Send(new DelistCommand(http.Caller(), id, Versions.ExpectedVersion(http.Request), body), http.RequestAborted).Ok())
            .WithName("DelistListing")
            .WithSummary("Take the listing off every marketplace (a body {reason} is optional)")
            .ProducesCommandProblems(404, 412);

        var householdAccounts = app.MapGroup("/api/v1/households/{id:guid}/marketplace-accounts")
            .WithTags("Listings and marketplaces")
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithCommandTransaction();
        householdAccounts.MapPost("/", (Guid id, LinkMarketplaceAccountRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new LinkMarketplaceAccountCommand(http.Caller(), id, null, body), http.RequestAborted)
                    .CreatedOrOk(_ => $"/api/v1/households/{id}/marketplace-accounts"))
            .WithName("LinkHouseholdMarketplaceAccount")
            .WithSummary("Link a household's shop (tokens stored encrypted, never returned); linking again replaces the tokens")
            .ProducesCommandProblems(404);

        householdAccounts.MapGet("/", async (Guid id, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(new ListMarketplaceAccounts(http.Caller(), id, null), http.RequestAborted)))
            .WithName("ListHouseholdMarketplaceAccounts")
            .WithSummary("A household's linked shops and their status (never the tokens)")
            .ProducesQueryProblems();

        var cooperativeAccounts = app.MapGroup("/api/v1/cooperatives/{id:guid}/marketplace-accounts")
            .WithTags("Listings and marketplaces")
            .RequireRoles(Role.Admin, Role.Cooperative)
            .WithCommandTransaction();
        cooperativeAccounts.MapPost("/", (Guid id, LinkMarketplaceAccountRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new LinkMarketplaceAccountCommand(http.Caller(), null, id, body), http.RequestAborted)
                    .CreatedOrOk(_ => $"/api/v1/cooperatives/{id}/marketplace-accounts"))
            .WithName("LinkCooperativeMarketplaceAccount")
            .WithSummary("Link a cooperative's own shop, usable for its members' listings")
            .ProducesCommandProblems(404);

        cooperativeAccounts.MapGet("/", async (Guid id, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(new ListMarketplaceAccounts(http.Caller(), null, id), http.RequestAborted)))
            .WithName("ListCooperativeMarketplaceAccounts")
            .WithSummary("A cooperative's own linked shops and their status (never the tokens)")
            .ProducesQueryProblems();

        // The orders as the desk pages them (/orders) and as the marketplace operations read them (/marketplace/orders): one query.
        foreach (var (path, name) in new[] { ("/api/v1/orders", "ListOrders"), ("/api/v1/marketplace/orders", "ListMarketplaceOrders") })
        {
            app.MapGet(path, async (
                        string? marketplace, Guid? listingId, string? from, string? to, int? page, int? pageSize, HttpContext http, IMediator mediator) =>
                    TypedResults.Ok(await mediator.Send(new ListOrders(http.Caller(), marketplace, page, pageSize, listingId, from, to), http.RequestAborted)))
                .WithTags("Listings and marketplaces")
                .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
                .WithName(name)
                .WithQueryRules<ListOrders>()
                .WithSummary("Marketplace orders, newest ordered first, a page at a time (pageSize ≤ 200): an admin's all, a cooperative's member households' listings', a household's own; filters marketplace (shopee, lazada, tiktok, webhook), listingId, from/to (order date, yyyy-MM-dd, Việt Nam time)")
                .ProducesQueryProblems(400);
        }

        app.MapGet("/api/v1/marketplace/orders/{id:guid}", async (Guid id, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(new GetOrder(http.Caller(), id), http.RequestAborted)))
            .WithTags("Listings and marketplaces")
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithName("GetMarketplaceOrder")
            .WithSummary("One marketplace order: an admin any, a cooperative its member households' listings', a household its own (another's is 404)")
            .ProducesQueryProblems(404);

        var sync = app.MapGroup("/api/v1/marketplace-sync")
            .WithTags("Listings and marketplaces")
            .WithCommandTransaction();

        sync.MapGet("/dead-letters", async (int? limit, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(new ListDeadLetters(limit), http.RequestAborted)))
            .RequireRoles(Role.Admin)
            .WithName("ListDeadLetters")
            .WithQueryRules<ListDeadLetters>()
            .WithSummary("Syncs a marketplace refused (validation errors, or retries given up), oldest first")
            .ProducesQueryProblems(400);

        sync.MapPost("/dead-letters/{id:guid}/replay", (Guid id, HttpContext http, IMediator mediator) =>
                mediator.Send(new ReplayDeadLetterCommand(http.Caller(), id), http.RequestAborted).Ok())
            .RequireRoles(Role.Admin, Role.Cooperative)
            .WithName("ReplayDeadLetter")
            .WithSummary("Try a dead-lettered sync again, from the listing's current state: an admin any, a cooperative those of its member households' listings (another's is 404)")
            .ProducesCommandProblems(404);

        app.MapGroup("/api/v1/marketplace/orders")
            .WithTags("Listings and marketplaces")
            .RequireRoles(Role.Marketplace)
            .WithCommandTransaction()
            .MapPost("/", (RecordOrderRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new RecordOrderCommand(http.Caller(), body), http.RequestAborted)
                    .CreatedOrOk(order => $"/api/v1/listings/{order.ListingId}"))
            .WithName("RecordMarketplaceOrder")
            .WithSummary("A marketplace reports an order: stock goes down once per (marketplace, externalOrderId) and reaches the other marketplaces")
            .ProducesCommandProblems(404)
            .Refuses(
                ListingErrors.NotOnMarketplaceCode, ListingErrors.StockExceedsLotCode, ListingErrors.InsufficientStockCode, RecordOrderCommand.OrderConflictCode);
    }
}
