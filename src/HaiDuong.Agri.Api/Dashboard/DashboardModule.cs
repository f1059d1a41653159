using System.Text;
using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Api.Sessions;
using HaiDuong.Agri.Api.Statistics;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace HaiDuong.Agri.Api.Dashboard;

/// <summary>
/// The province dashboard at <c>/dashboard</c> for officials (and admins) signed in with a browser session: the statistics
/// of <c>GET /api/v1/stats</c> (the same <see cref="GetStatistics"/> query, no second copy of any figure) as server-rendered
/// SVG charts with their tables and CSV links, filtered by commune and period through a plain GET form; no JavaScript.
/// No session: to the sign-in page; another role: a 403 page; filters the statistics refuse: a 400 page naming the field.
/// </summary>
public sealed class DashboardModule : IAgriModule
{
    public const string Path = "/dashboard";
    public const string StylesheetPath = "/dashboard/dashboard.css";
    public const string SignInPath = "/sign-in";
    public const string SignOutPath = "/dashboard/sign-out";

    public void AddServices(IServiceCollection services, IConfiguration configuration, MartenServiceCollectionExtensions.MartenConfigurationExpression marten) =>
        services.AddSingleton<RenderedDashboards>();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        // The page refuses a parameter it does not take itself, as a page in Vietnamese (not the API's JSON problem).
        app.MapGet(Path, DashboardAnswer.PageAsync)
            .IgnoresOtherQueryParameters([.. DashboardAnswer.Filters])
            .ExcludeFromDescription();
        app.MapGet(StylesheetPath, DashboardAnswer.Stylesheet)
            .ExcludeFromDescription();

        // Signing out as the desk does: the session ends at once (the same SignOut request as DELETE /api/v1/sessions/current)
        // and its cookies are cleared; the form carries the anti-forgery token like every session write.
        app.MapPost(SignOutPath, async (HttpContext http, IMediator mediator) =>
            {
                await mediator.Send(new SignOut(http.Caller()), http.RequestAborted);
                SessionCookies.Clear(http.Response);
                http.Response.Headers.Location = SignInPath;
                return Results.StatusCode(StatusCodes.Status303SeeOther);
            })
            .RequireRoles(Role.Admin, Role.Official)
            .ExcludeFromDescription();
    }
}

/// <summary>The dashboard in the pipeline: its pages and stylesheet compressed (Brotli or gzip; SVG text shrinks about tenfold).</summary>
public static class DashboardHosting
{
    public static IApplicationBuilder UseDashboardCompression(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments(DashboardModule.Path), branch => branch.UseResponseCompression());
}

/// <summary>The dashboard's HTTP answers.</summary>
public static class DashboardAnswer
{
    private const string Html = "text/html; charset=utf-8";

    /// <summary>Where the page keeps the problem of parameters it does not take (shown above the charts' place, not by a field).</summary>
    public const string UnknownField = "query";
    private static readonly Lazy<(byte[] Body, string ETag)> Css = new(() =>
    {
        using var stream = typeof(DashboardAnswer).Assembly.GetManifestResourceStream("HaiDuong.Agri.Api.Dashboard.dashboard.css")
            ?? throw new InvalidOperationException("The dashboard's stylesheet is not embedded.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var body = memory.ToArray();
        return (body, Trace.TraceAnswer.ETagOf(Encoding.UTF8.GetString(body)));
    });

    /// <summary>The query parameters the page takes: those of <c>GET /api/v1/stats</c>.</summary>
    public static readonly IReadOnlyList<string> Filters = ["communeCode", "from", "to"];

    /// <summary>The roles that see the dashboard.</summary>
    public static bool MaySee(Role role) => role is Role.Admin or Role.Official;

    public static async Task<IResult> PageAsync(HttpContext http, IMediator mediator)
    {
        http.Response.Headers.CacheControl = "private, no-store";
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return Results.Redirect(SignInRedirect(http.Request.PathBase + http.Request.Path + http.Request.QueryString));
        }

        if (!MaySee(http.Caller().Role))
        {
            return await PageAsync<DashboardForbiddenPage>(http, new Dictionary<string, object?>(), StatusCodes.Status403Forbidden);
        }

        var query = http.Request.Query;
        var filters = new DashboardFilters(Value(query["communeCode"]), Value(query["from"]), Value(query["to"]));
        var unknown = query.Keys.Where(k => !Filters.Contains(k, StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
        try
        {
            if (unknown.Count > 0)
            {
                // As the API answers it (unknown-query-parameter), never a view that quietly leaves the parameter out.
                throw new ProblemException(
                    StatusCodes.Status400BadRequest, QueryParameters.ProblemCode, "The request has a query parameter this route does not take", null,
                    new Dictionary<string, string[]> { [UnknownField] = [DashboardText.UnknownParameters(unknown, Filters)] });
            }

            var statistics = await mediator.Send(new GetStatistics(filters.CommuneCode, filters.From, filters.To), http.RequestAborted);
            IReadOnlyList<CommuneChoice> communes = filters.CommuneCode is null
                ? [.. statistics.ByCommune.Select(c => new CommuneChoice(c.CommuneCode, c.CommuneName))]
                : await mediator.Send(new ListDashboardCommunes(), http.RequestAborted);

            // A view shown before (same filters, same figures) is not built and rendered again.
            var page = await http.RequestServices.GetRequiredService<RenderedDashboards>().PageAsync(
                filters, communes, statistics, http.Request.Cookies[SessionCookies.Csrf], token => RenderAsync<DashboardPage>(http, Parameters(DashboardView.Of(filters, communes, statistics), token)));
            http.Response.Headers.ContentLanguage = "vi";
            return Results.Text(page, Html, Encoding.UTF8);
        }
        catch (ProblemException problem) when (problem.Status == StatusCodes.Status400BadRequest && problem.Errors is { } errors)
        {
            var invalid = filters with
            {
                Errors = errors.ToDictionary(
                    e => e.Key,
                    e => (IReadOnlyList<string>)[.. e.Value.Select(m => e.Key == UnknownField ? m : DashboardText.FieldMessage(e.Key, m))],
                    StringComparer.Ordinal),
            };
            var view = DashboardView.Invalid(invalid, await mediator.Send(new ListDashboardCommunes(), http.RequestAborted));
            return await PageAsync<DashboardPage>(http, Parameters(view, http.Request.Cookies[SessionCookies.Csrf]), StatusCodes.Status400BadRequest);
        }
    }

    private static Dictionary<string, object?> Parameters(DashboardView view, string? csrf) =>
        new() { [nameof(DashboardPage.View)] = view, [nameof(DashboardPage.Csrf)] = csrf };

    /// <summary>Where a browser without a session goes: the sign-in page, coming back to <paramref name="returnUrl"/> after.</summary>
    public static string SignInRedirect(string returnUrl) => $"{DashboardModule.SignInPath}?returnUrl={Uri.EscapeDataString(returnUrl)}";

    public static IResult Stylesheet(HttpContext http)
    {
        var (body, etag) = Css.Value;
        http.Response.Headers.CacheControl = "public, max-age=300";
        http.Response.Headers.ETag = etag;
        return Versions.IfNoneMatch(http.Request, etag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(body, "text/css; charset=utf-8");
    }

    private static string? Value(Microsoft.Extensions.Primitives.StringValues values) =>
        string.IsNullOrWhiteSpace(values.ToString()) ? null : values.ToString().Trim();

    private static async Task<IResult> PageAsync<TPage>(HttpContext http, Dictionary<string, object?> parameters, int status)
        where TPage : IComponent
    {
        var html = await RenderAsync<TPage>(http, parameters);
        http.Response.Headers.ContentLanguage = "vi";
        return Results.Text(html, Html, Encoding.UTF8, status);
    }

    private static async Task<string> RenderAsync<TPage>(HttpContext http, Dictionary<string, object?> parameters)
        where TPage : IComponent
    {
        var renderer = http.RequestServices.GetRequiredService<HtmlRenderer>();
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TPage>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }
}
