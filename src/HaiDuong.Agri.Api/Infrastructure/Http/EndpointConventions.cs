namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary>The problem types (codes after <see cref="Problems.TypePrefix"/>) an endpoint's <paramref name="StatusCode"/> answer can carry.</summary>
public sealed record ProblemTypes(int StatusCode, IReadOnlyList<string> Codes);

public static class EndpointConventions
{
    /// <summary>Runs the group's commands (every method but GET) through <see cref="CommandTransactionFilter"/>.</summary>
    public static RouteGroupBuilder WithCommandTransaction(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
            HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method)
                ? await next(context)
                : await context.HttpContext.RequestServices.GetRequiredService<CommandTransactionFilter>().InvokeAsync(context, next));
        return group;
    }

    /// <summary>
    /// Declares the problems a command can answer: 400, 401, 403, 409 (a concurrent write), 413, 415, 422, 503 and the
    /// route's own statuses, each with the problem types the whole API answers it with (<see cref="CommonCodes"/>); a
    /// route's own refusals are added with <see cref="Refuses"/>.
    /// </summary>
    public static RouteHandlerBuilder ProducesCommandProblems(this RouteHandlerBuilder builder, params int[] statuses) =>
        builder.ProducesProblems(command: true, [400, 401, 403, 409, 413, 415, 422, 503, .. statuses]);

    /// <summary>
    /// Declares the problems a query can answer: 400 (a malformed or unknown query parameter), 401, 403, 404, 503 and the
    /// route's own statuses.
    /// </summary>
    public static RouteHandlerBuilder ProducesQueryProblems(this RouteHandlerBuilder builder, params int[] statuses) =>
        builder.ProducesProblems(command: false, [400, 401, 403, 404, 503, .. statuses]);

    /// <summary>Declares the domain rules (problem types of 409) by which the route refuses a request.</summary>
    public static RouteHandlerBuilder Refuses(this RouteHandlerBuilder builder, params string[] codes) =>
        builder.ProducesProblemTypes(StatusCodes.Status409Conflict, codes);

    /// <summary>Declares a <paramref name="status"/> problem answer with the problem types it carries.</summary>
    public static RouteHandlerBuilder ProducesProblemTypes(this RouteHandlerBuilder builder, int status, params string[] codes) =>
        builder.ProducesProblem(status).WithMetadata(new ProblemTypes(status, codes));

    /// <summary>
    /// The problem types any route answering <paramref name="status"/> may carry, wherever it comes from: the validation
    /// pipeline, the JSON reader, authentication, the body size limit, the idempotency and transaction filter, the
    /// database. A command (any method but GET and HEAD) made with a session cookie can also miss its anti-forgery token.
    /// </summary>
    public static IReadOnlyList<string> CommonCodes(int status, bool command) => status switch
    {
        400 => command ? [Problems.ValidationCode, Problems.MalformedCode] : [Problems.ValidationCode, Problems.MalformedCode, QueryParameters.ProblemCode],
        401 => [Problems.UnauthorizedCode],
        403 => command ? [Problems.ForbiddenCode, Sessions.CsrfProtection.InvalidTokenCode] : [Problems.ForbiddenCode],
        404 => [Problems.NotFoundCode],
        409 => [Problems.ConcurrentWriteCode, Problems.AlreadyExistsCode],
        412 => [Problems.VersionMismatchCode],
        413 => [Problems.PayloadTooLargeCode],
        415 => [Problems.UnsupportedMediaTypeCode],
        422 => [Problems.IdempotencyKeyReusedCode],
        503 => [Problems.UnavailableCode],
        _ => [],
    };

    private static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, bool command, IEnumerable<int> statuses)
    {
        foreach (var status in statuses.Distinct().Order())
        {
            builder.ProducesProblemTypes(status, [.. CommonCodes(status, command)]);
        }

        return builder;
    }
}
