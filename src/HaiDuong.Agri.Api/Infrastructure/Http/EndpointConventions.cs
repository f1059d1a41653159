namespace HaiDuong.Agri.Api.Infrastructure.Http;

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

    /// <summary>Declares the problems a command can answer: 400, 401, 403, 413, 422 and the route's own.</summary>
    public static RouteHandlerBuilder ProducesCommandProblems(this RouteHandlerBuilder builder, params int[] statuses) =>
        builder.ProducesProblems([400, 401, 403, 413, 422, 503, .. statuses]);

    /// <summary>Declares the problems a query can answer: 400 (a query parameter the route does not take), 401, 403, 404 and the route's own.</summary>
    public static RouteHandlerBuilder ProducesQueryProblems(this RouteHandlerBuilder builder, params int[] statuses) =>
        builder.ProducesProblems([400, 401, 403, 404, 503, .. statuses]);

    private static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, IEnumerable<int> statuses)
    {
        foreach (var status in statuses.Distinct().Order())
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}
