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

        group.MapPost("/", async (CreateApiKeyRequest body, HttpContext http, IMediator mediator) =>
                await mediator.Send(new CreateApiKey(http.Caller(), body), http.RequestAborted))
            .WithName("CreateApiKey")
            .WithSummary("Issue an API key (the secret is shown once)")
            .Produces<CreatedApiKey>(StatusCodes.Status201Created)
            .ProducesCommandProblems(404);

        group.MapDelete("/{id:guid}", async (Guid id, HttpContext http, IMediator mediator) =>
                await mediator.Send(new RevokeApiKey(id), http.RequestAborted))
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key; it stops working at once")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesCommandProblems(404);
    }
}
