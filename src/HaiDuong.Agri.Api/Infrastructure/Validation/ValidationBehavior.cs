using HaiDuong.Agri.Api.Infrastructure.Http;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Infrastructure.Validation;

/// <summary>Runs every request's own checks first: an invalid request is a 400 problem naming each field, and no handler runs.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IClock clock) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is IValidated validated)
        {
            var validator = new Validator(clock.GetCurrentInstant());
            validated.Validate(validator);
            if (!validator.IsValid)
            {
                throw Problems.Validation(validator.Errors);
            }
        }

        return next(message, cancellationToken);
    }
}
