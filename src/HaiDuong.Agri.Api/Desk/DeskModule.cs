using HaiDuong.Agri.Api.Batches;
using HaiDuong.Agri.Api.Cooperatives;
using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Api.Listings;
using HaiDuong.Agri.Api.Listings.Sync;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Api.Regions;
using HaiDuong.Agri.Api.Sessions;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Desk;

/// <summary>A sign-in card just created, for the members page to offer.</summary>
public sealed record PrintedCard(string HouseholdName, string CardUrl);

/// <summary>
/// The cooperative desk at <c>/desk</c>: server-rendered pages for a cooperative's office, signed in with a browser session
/// (<c>/sign-in</c>, shared with the province dashboard). Every page reads and every form writes through the API's own
/// Mediator requests with a <see cref="Caller"/> from the session, exactly as the API builds it, so roles, ownership,
/// validation and domain rules are the API's. Forms post back, and Post/Redirect/Get follows a success; a refusal
/// re-renders the page with the problems in Vietnamese next to their fields and what was typed kept.
/// </summary>
public sealed class DeskModule : IAgriModule
{
    public const string SignInPath = "/sign-in";

    private const int PageSize = 20;

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapGet(SignInPath, (HttpContext http, string? returnUrl, bool? ended) =>
                DeskPages.RenderAsync<SignInPage>(http, new Dictionary<string, object?>
                {
                    [nameof(SignInPage.ReturnUrl)] = LocalReturnUrl(returnUrl),
                    [nameof(SignInPage.Ended)] = ended == true,
                }))
            .AllowAnonymous()
            .IgnoresOtherQueryParameters()
            .ExcludeFromDescription();

        app.MapPost(SignInPath, SignInAsync).AllowAnonymous().ExcludeFromDescription();

        app.MapGet("/desk/desk.css", (IWebHostEnvironment env) => Asset(env, "desk.css", "text/css; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/desk/desk.js", (IWebHostEnvironment env) => Asset(env, "desk.js", "text/javascript; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();

        var desk = app.MapGroup("/desk")
            .RequireRoles(Role.Cooperative)
            .IgnoresOtherQueryParameters()
            .ExcludeFromDescription();

        desk.MapGet("/", () => SeeOther("/desk/members"));
        desk.MapPost("/sign-out", async (HttpContext http, IMediator mediator) =>
        {
            await mediator.Send(new SignOut(http.Caller()), http.RequestAborted);
            SessionCookies.Clear(http.Response);
            return SeeOther(SignInPath);
        });

        desk.MapGet("/members", (HttpContext http, int? page, string? ok, IMediator mediator) => MembersAsync(http, mediator, page, Flash(ok), null, null));
        desk.MapPost("/members", RegisterAsync);
        desk.MapPost("/members/{id:guid}/sign-in-card", CreateCardAsync);

        desk.MapGet("/harvests", (HttpContext http, int? page, int? readyPage, string? ok, IMediator mediator) => HarvestsAsync(http, mediator, page, Flash(ok), null, readyPage));
        desk.MapPost("/harvests/{id:guid}/lots", PackAsync);
        desk.MapPost("/lots/{id:guid}/stamps", IssueStampsAsync);

        desk.MapGet("/listings", (HttpContext http, int? page, string? ok, IMediator mediator) => ListingsAsync(http, mediator, page, Flash(ok), null));
        desk.MapPost("/listings/{id:guid}/price", ChangePriceAsync);
        desk.MapPost("/listings/{id:guid}/stock", ChangeStockAsync);
        desk.MapPost("/dead-letters/{id:guid}/replay", ReplayAsync);

        desk.MapGet("/orders", OrdersAsync);
    }

    /// <summary>Only a path of this app's desk or dashboard: never another site (an open redirect), never a scheme-relative <c>//host</c>.</summary>
    public static string LocalReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= 500 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal)
        && (url == "/desk" || url.StartsWith("/desk/", StringComparison.Ordinal) || url.StartsWith("/desk?", StringComparison.Ordinal)
            || url == "/dashboard" || url.StartsWith("/dashboard/", StringComparison.Ordinal) || url.StartsWith("/dashboard?", StringComparison.Ordinal))
            ? url
            : "/desk";

    private static async Task<IResult> SignInAsync(HttpContext http, IMediator mediator)
    {
        var posted = await DeskForm.ReadAsync(http, "sign-in");
        var returnUrl = LocalReturnUrl(posted.Value("returnUrl"));
        try
        {
            var opened = await mediator.Send(
                new SignIn(new SignInRequest(posted.Text("key") ?? "", null), http.Request.Headers.UserAgent.ToString()), http.RequestAborted);
            SessionCookies.Write(http.Response, opened.Token, opened.Csrf, opened.Session.ExpiresAt);
            return SeeOther(returnUrl);
        }
        catch (ProblemException problem) when (problem.Status is StatusCodes.Status400BadRequest or StatusCodes.Status401Unauthorized)
        {
            posted.Absorb(problem);
            posted.Summary = null;
            if (problem.Status == StatusCodes.Status401Unauthorized)
            {
                posted.Add("key", "Khoá không đúng, đã bị thu hồi hoặc hết hạn. Hãy kiểm tra lại hoặc xin khoá mới.");
            }

            return await DeskPages.RenderAsync<SignInPage>(http, new Dictionary<string, object?>
            {
                [nameof(SignInPage.ReturnUrl)] = returnUrl,
                [nameof(SignInPage.Failed)] = posted,
            }, problem.Status);
        }
    }

    private static async Task<DeskChrome> ChromeAsync(HttpContext http, IMediator mediator, string section, string? flash)
    {
        var caller = http.Caller();
        var cooperative = await mediator.Send(new GetCooperative(caller, caller.CooperativeId!.Value), http.RequestAborted);
        return new DeskChrome(cooperative.Name, http.Request.Cookies[SessionCookies.Csrf] ?? "", section, flash);
    }

    private static string? Flash(string? ok) => ok switch
    {
        "registered" => "Đã đăng ký hộ thành viên.",
        "packed" => "Đã đóng gói lô.",
        "stamps" => "Đã cấp tem cho lô.",
        "price" => "Đã đổi giá; sàn sẽ được cập nhật.",
        "stock" => "Đã đổi tồn kho; sàn sẽ được cập nhật.",
        "replayed" => "Đã gửi lại lên sàn; kết quả sẽ hiện ở đây sau ít giây.",
        _ => null,
    };

    // Members ------------------------------------------------------------------------------------------------------------

    private static async Task<IResult> MembersAsync(HttpContext http, IMediator mediator, int? page, string? flash, DeskForm? failed, PrintedCard? card)
    {
        var chrome = await ChromeAsync(http, mediator, "/desk/members", flash);
        var caller = http.Caller();
        var cooperative = await mediator.Send(new GetCooperative(caller, caller.CooperativeId!.Value), http.RequestAborted);
        var households = await mediator.Send(new ListHouseholds(caller, null, null, null, null, null, Math.Max(page ?? 1, 1), PageSize), http.RequestAborted);
        CommuneList? communes = null;
        try
        {
            communes = await mediator.Send(new ListCommunes(cooperative.ProvinceCode, false), http.RequestAborted);
        }
        catch (ProblemException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            // No register for the province: the commune is typed as a code.
        }

        return await DeskPages.RenderAsync<MembersPage>(http, new Dictionary<string, object?>
        {
            [nameof(MembersPage.Chrome)] = chrome,
            [nameof(MembersPage.Households)] = households,
            [nameof(MembersPage.Communes)] = communes?.Items.Select(c => (c.Code, $"{c.Name} ({c.Code})")).ToList(),
            [nameof(MembersPage.ProvinceCode)] = cooperative.ProvinceCode,
            [nameof(MembersPage.ProvinceName)] = communes?.ProvinceName,
            [nameof(MembersPage.Failed)] = failed,
            [nameof(MembersPage.Card)] = card,
        }, failed?.Status ?? StatusCodes.Status200OK);
    }

    private static async Task<IResult> RegisterAsync(HttpContext http, IMediator mediator)
    {
        var form = await DeskForm.ReadAsync(http, "register");
        var caller = http.Caller();
        var cooperative = await mediator.Send(new GetCooperative(caller, caller.CooperativeId!.Value), http.RequestAborted);
        var request = new RegisterHouseholdRequest(
            form.Text("name"), form.Text("phone"), cooperative.ProvinceCode, form.Text("communeCode"), form.Text("address"), caller.CooperativeId,
            form.Text("formerDistrict"));
        var failed = await DeskCommands.RunAsync(http, form, ct => Send(mediator, new RegisterHouseholdCommand(caller, request), ct));
        return failed is null ? SeeOther("/desk/members?ok=registered") : await MembersAsync(http, mediator, 1, null, failed, null);
    }

    private static async Task<IResult> CreateCardAsync(Guid id, HttpContext http, IMediator mediator)
    {
        var form = await DeskForm.ReadAsync(http, "card", id.ToString());
        var caller = http.Caller();
        CreatedSignInCode? created = null;
        var failed = await DeskCommands.RunAsync(http, form, async ct => created = (await mediator.Send(new CreateSignInCode(caller, id), ct)).View);
        if (failed is not null)
        {
            return await MembersAsync(http, mediator, 1, null, failed, null);
        }

        // The card's PDF route is the API's (GET, the session's cookie reaches it); the page links to it.
        var household = await mediator.Send(new GetHousehold(caller, id), http.RequestAborted);
        return await MembersAsync(http, mediator, 1, null, null, new PrintedCard(household.Name, new Uri(created!.CardUrl).PathAndQuery));
    }

    // Harvests and lots --------------------------------------------------------------------------------------------------

    private static async Task<IResult> HarvestsAsync(HttpContext http, IMediator mediator, int? page, string? flash, DeskForm? failed, int? readyPage = null)
    {
        var chrome = await ChromeAsync(http, mediator, "/desk/harvests", flash);
        var caller = http.Caller();
        var ready = await mediator.Send(
            new ListBatches(caller, null, null, null, null, null, null, Math.Max(readyPage ?? 1, 1), PageSize, ReadyToPack: true), http.RequestAborted);
        var lots = await mediator.Send(new ListLots(caller, null, null, null, null, null, null, Math.Max(page ?? 1, 1), PageSize), http.RequestAborted);
        var clock = http.RequestServices.GetRequiredService<IClock>();
        return await DeskPages.RenderAsync<HarvestsPage>(http, new Dictionary<string, object?>
        {
            [nameof(HarvestsPage.Chrome)] = chrome,
            [nameof(HarvestsPage.Ready)] = ready,
            [nameof(HarvestsPage.Lots)] = lots,
            [nameof(HarvestsPage.Today)] = DeskText.Today(clock.GetCurrentInstant()),
            [nameof(HarvestsPage.Failed)] = failed,
        }, failed?.Status ?? StatusCodes.Status200OK);
    }

    private static async Task<IResult> PackAsync(Guid id, HttpContext http, IMediator mediator)
    {
        var form = await DeskForm.ReadAsync(http, "pack", id.ToString());
        var request = new PackLotRequest(
            id, form.Text("gtin"), form.Text("lotCode"), form.Date("packedOn"), form.Int("unitCount"), form.Int("netWeightGrams"),
            form.Text("packaging"), form.Text("productName"));
        var caller = http.Caller();
        var failed = await DeskCommands.RunAsync(http, form, ct => Send(mediator, new PackLotCommand(caller, request), ct));
        return failed is null ? SeeOther("/desk/harvests?ok=packed") : await HarvestsAsync(http, mediator, 1, null, failed);
    }

    private static async Task<IResult> IssueStampsAsync(Guid id, HttpContext http, IMediator mediator)
    {
        var form = await DeskForm.ReadAsync(http, "stamps", id.ToString());
        var request = new IssueStampsRequest(form.Int("count"));
        var caller = http.Caller();
        var failed = await DeskCommands.RunAsync(http, form, ct => Send(mediator, new IssueStampsCommand(caller, id, null, request), ct));
        return failed is null ? SeeOther($"/desk/harvests?ok=stamps#lot-{id}") : await HarvestsAsync(http, mediator, 1, null, failed);
    }

    // Listings -----------------------------------------------------------------------------------------------------------

    private static async Task<IResult> ListingsAsync(HttpContext http, IMediator mediator, int? page, string? flash, DeskForm? failed)
    {
        var chrome = await ChromeAsync(http, mediator, "/desk/listings", flash);
        var caller = http.Caller();
        var listings = await mediator.Send(new ListListings(caller, null, null, null, null, null, null, Math.Max(page ?? 1, 1), PageSize), http.RequestAborted);
        var details = new List<ListingDetails>();
        foreach (var listing in listings.Items)
        {
            details.Add(await mediator.Send(new GetListing(caller, listing.Id), http.RequestAborted));
        }

        var letters = await mediator.Send(new ListListingDeadLetters(caller, [.. details.Select(d => d.Id)]), http.RequestAborted);
        return await DeskPages.RenderAsync<ListingsPage>(http, new Dictionary<string, object?>
        {
            [nameof(ListingsPage.Chrome)] = chrome,
            [nameof(ListingsPage.Page)] = listings,
            [nameof(ListingsPage.Listings)] = details,
            [nameof(ListingsPage.DeadLetters)] = letters.Items,
            [nameof(ListingsPage.Failed)] = failed,
        }, failed?.Status ?? StatusCodes.Status200OK);
    }

    private static async Task<IResult> ChangePriceAsync(Guid id, HttpContext http, IMediator mediator)
    {
        var form = await DeskForm.ReadAsync(http, "price", id.ToString());
        var (request, version) = (new ChangePriceRequest(form.Whole("priceVnd")), form.Whole("version"));
        var caller = http.Caller();
        var failed = await DeskCommands.RunAsync(http, form, ct => Send(mediator, new ChangePriceCommand(caller, id, version, request), ct));
        return failed is null ? SeeOther($"/desk/listings?ok=price#listing-{id}") : await ListingsAsync(http, mediator, 1, null, failed);
    }

    private static async Task<IResult> ChangeStockAsync(Guid id, HttpContext http, IMediator mediator)
    {
        var form = await DeskForm.ReadAsync(http, "stock", id.ToString());
        var (request, version) = (new ChangeStockRequest(form.Int("stock")), form.Whole("version"));
        var caller = http.Caller();
        var failed = await DeskCommands.RunAsync(http, form, ct => Send(mediator, new ChangeStockCommand(caller, id, version, request), ct));
        return failed is null ? SeeOther($"/desk/listings?ok=stock#listing-{id}") : await ListingsAsync(http, mediator, 1, null, failed);
    }

    private static async Task<IResult> ReplayAsync(Guid id, HttpContext http, IMediator mediator)
    {
        var form = await DeskForm.ReadAsync(http, "replay", id.ToString());
        var caller = http.Caller();
        var failed = await DeskCommands.RunAsync(http, form, ct => Send(mediator, new ReplayDeadLetterCommand(caller, id), ct));
        return failed is null ? SeeOther("/desk/listings?ok=replayed") : await ListingsAsync(http, mediator, 1, null, failed);
    }

    // Orders and recalls ------------------------------------------------------------------------------------------------

    private static async Task<IResult> OrdersAsync(HttpContext http, int? page, string? marketplace, IMediator mediator)
    {
        var chrome = await ChromeAsync(http, mediator, "/desk/orders", null);
        var caller = http.Caller();
        var filter = marketplace is { Length: > 0 } ? marketplace : null;
        var orders = await mediator.Send(new ListOrders(caller, filter, Math.Max(page ?? 1, 1), PageSize), http.RequestAborted);
        var recalled = await mediator.Send(new ListLots(caller, null, null, null, "recalled", null, null, 1, PageSize), http.RequestAborted);
        var listings = await mediator.Send(new ListLotListings(caller, [.. recalled.Items.Select(l => l.Id)]), http.RequestAborted);
        return await DeskPages.RenderAsync<OrdersPage>(http, new Dictionary<string, object?>
        {
            [nameof(OrdersPage.Chrome)] = chrome,
            [nameof(OrdersPage.Orders)] = orders,
            [nameof(OrdersPage.Marketplace)] = filter,
            [nameof(OrdersPage.Recalled)] = recalled,
            [nameof(OrdersPage.Listings)] = listings,
        });
    }

    private static async ValueTask Send<T>(IMediator mediator, ICommand<T> command, CancellationToken ct) => await mediator.Send(command, ct);

    /// <summary>Post/Redirect/Get: 303 See Other, so the browser fetches the next page with GET.</summary>
    public static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }

    private static IResult Asset(IWebHostEnvironment env, string name, string contentType)
    {
        var file = env.WebRootFileProvider.GetFileInfo("desk/" + name);
        return file.Exists ? Results.Stream(file.CreateReadStream(), contentType) : Results.NotFound();
    }
}
