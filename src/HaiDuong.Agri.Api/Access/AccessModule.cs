using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Access;

public sealed class AccessModule : IAgriModule
{
    public void ConfigureStore(StoreOptions opts) => opts.Schema.For<ApiKey>().UniqueIndex(k => k.Hash);

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/api-keys").WithTags("Access").RequireRoles(Role.Admin).WithCommandTransaction();

        // A repeat of the request (same Idempotency-Key) answers the same key without its secret: it is shown once.
        group.MapPost("/", (CreateApiKeyRequest body, HttpContext http, IMediator mediator) =>
                mediator.Send(new CreateApiKey(http.Caller(), body), http.RequestAborted)
                    .Created(key => $"/api/v1/api-keys/{key.Id}", replay: key => key with { Key = null }))
            .WithName("CreateApiKey")
            .WithSummary("Issue an API key (the secret is shown once)")
            .ProducesCommandProblems(404);

        group.MapDelete("/{id:guid}", (Guid id, HttpContext http, IMediator mediator) =>
                mediator.Send(new RevokeApiKey(id), http.RequestAborted).NoContent())
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key; it stops working at once")
            .ProducesCommandProblems(404);
    }
}
