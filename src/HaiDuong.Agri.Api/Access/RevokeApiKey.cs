using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Sessions;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Access;

public sealed record RevokeApiKey(Guid Id) : ICommand;

public sealed class RevokeApiKeyHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<RevokeApiKey>
{
    public async ValueTask<Unit> Handle(RevokeApiKey command, CancellationToken cancellationToken)
    {
        var session = await unitOfWork.SessionAsync(cancellationToken);
        var key = await session.LoadAsync<ApiKey>(command.Id, cancellationToken) ?? throw Problems.NotFound("API key");
        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetCurrentInstant();
            session.Store(key);
            await session.RevokeOpenedWithAsync(key.Id.ToString(), key.RevokedAt.Value, cancellationToken);
        }

        return Unit.Value;
    }
}
