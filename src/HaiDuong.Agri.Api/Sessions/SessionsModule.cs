using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Labels;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Sessions;

/// <summary>Browser sign-in for the household app (and the desk and dashboard): sign-in codes, cookie sessions, revocation.</summary>
public sealed class SessionsModule : IAgriModule
{
    public void ConfigureStore(StoreOptions opts)
    {
        opts.Schema.For<BrowserSession>().UniqueIndex(s => s.TokenHash).Index(s => s.HouseholdId).Index(s => s.KeyId);
        opts.Schema.For<SignInCode>().UniqueIndex(c => c.CodeHash);
    }

    public void AddServices(IServiceCollection services, IConfiguration configuration, MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
    {
        services.Configure<SessionOptions>(configuration.GetSection("Agri:Sessions"));
        services.AddSingleton<SignInCodeSeal>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/v1/sessions").WithTags("Sessions");

        sessions.MapPost("/", async (SignInRequest body, HttpContext http, IMediator mediator) =>
            {
                var opened = await mediator.Send(new SignIn(body, http.Request.Headers.UserAgent.ToString()), http.RequestAborted);
                SessionCookies.Write(http.Response, opened.Token, opened.Csrf, opened.Session.ExpiresAt);
                return TypedResults.NoContent();
            })
            .AllowAnonymous()
            .WithName("SignIn")
            .WithSummary("Open a browser session with an API key or a household's one-time sign-in code: 204 with an HttpOnly session cookie (agri_session) and the anti-forgery cookie (agri_csrf) whose value every later state-changing request sends as X-CSRF-Token")
            .ProducesProblemTypes(StatusCodes.Status400BadRequest, Problems.ValidationCode, Problems.MalformedCode)
            .ProducesProblemTypes(StatusCodes.Status401Unauthorized, SignInHandler.SignInFailedCode)
            .ProducesProblemTypes(StatusCodes.Status403Forbidden, CsrfProtection.InvalidTokenCode)
            .ProducesProblemTypes(StatusCodes.Status413PayloadTooLarge, Problems.PayloadTooLargeCode)
            .ProducesProblemTypes(StatusCodes.Status415UnsupportedMediaType, Problems.UnsupportedMediaTypeCode)
            .ProducesProblemTypes(StatusCodes.Status503ServiceUnavailable, Problems.UnavailableCode);

        sessions.MapGet("/current", async (HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(new GetCurrentSession(http.Caller()), http.RequestAborted)))
            .RequireAnyRole()
            .WithName("GetCurrentSession")
            .WithSummary("Who the caller is: the browser session and the household it acts for (for an API key: its role and scope, no session fields)")
            .ProducesQueryProblems();

        sessions.MapDelete("/current", async (HttpContext http, IMediator mediator) =>
            {
                await mediator.Send(new SignOut(http.Caller()), http.RequestAborted);
                SessionCookies.Clear(http.Response);
                return TypedResults.NoContent();
            })
            .RequireAnyRole()
            .WithName("SignOut")
            .WithSummary("Sign out: the session stops working at once and its cookies are cleared")
            .ProducesQueryProblems(400);

        var households = app.MapGroup("/api/v1/households/{id:guid}").WithTags("Sessions").WithCommandTransaction();

        households.MapPost("/sign-in-codes", (Guid id, HttpContext http, IMediator mediator) =>
                mediator.Send(new CreateSignInCode(http.Caller(), id), http.RequestAborted).Created(code => code.CardUrl))
            .RequireRoles(Role.Admin, Role.Cooperative)
            .WithName("CreateSignInCode")
            .WithSummary("A one-time sign-in code for the household's phone (valid 7 days) and its printable card")
            .ProducesCommandProblems(404);

        households.MapGet("/sign-in-codes/{codeId:guid}/card.pdf", async (Guid id, Guid codeId, HttpContext http, IMediator mediator) =>
            {
                var face = await mediator.Send(new GetSignInCard(http.Caller(), id, codeId), http.RequestAborted);
                http.Response.ContentType = "application/pdf";
                http.Response.Headers.CacheControl = "private, no-store";
                http.Response.Headers.ContentDisposition = "inline; filename=\"the-dang-nhap.pdf\"";
                await SignInCard.WriteAsync(http.Response.Body, face, http.RequestAborted);
                return Results.Empty;
            })
            .RequireRoles(Role.Admin, Role.Cooperative)
            .WithName("GetSignInCard")
            .WithSummary("The sign-in card (A6 PDF): the QR code the household scans, the code to type, how to use it; 410 once the code is used or expired")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesQueryProblems()
            .ProducesProblemTypes(StatusCodes.Status410Gone, GetSignInCardHandler.EndedCode);

        households.MapGet("/sessions", async (Guid id, HttpContext http, IMediator mediator) =>
                TypedResults.Ok(await mediator.Send(new ListHouseholdSessions(http.Caller(), id), http.RequestAborted)))
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithName("ListHouseholdSessions")
            .WithSummary("The household's browser sessions (its phones), newest first")
            .ProducesQueryProblems();

        households.MapDelete("/sessions/{sessionId:guid}", (Guid id, Guid sessionId, HttpContext http, IMediator mediator) =>
                mediator.Send(new RevokeHouseholdSession(http.Caller(), id, sessionId), http.RequestAborted).NoContent())
            .RequireRoles(Role.Admin, Role.Cooperative, Role.Household)
            .WithName("RevokeHouseholdSession")
            .WithSummary("Revoke one of the household's sessions (a lost phone): it stops working at once")
            .ProducesCommandProblems(404);
    }
}
