using Microsoft.OpenApi;

namespace HaiDuong.Agri.Api.Infrastructure.OpenApi;

/// <summary>
/// One more content type of a response, with its own body: the framework's <c>Produces</c> gives a status one body type for
/// all its content types, while an answer such as the trace page is HTML, the JSON view or a GS1 linkset by <c>Accept</c>.
/// The body is a type (its schema is generated), a named schema written by <see cref="Schema"/>, or neither (the schema
/// follows from the media type, see <see cref="ResponseContentFilter"/>).
/// </summary>
public sealed record ResponseContent(int StatusCode, string ContentType, Type? Body = null, string? SchemaName = null, Func<OpenApiSchema>? Schema = null);

public static class ResponseContentConventions
{
    /// <summary>Declares that the <paramref name="statusCode"/> answer may also be <paramref name="contentType"/> with a body of type <typeparamref name="T"/>.</summary>
    public static RouteHandlerBuilder ProducesContent<T>(this RouteHandlerBuilder builder, int statusCode, string contentType) =>
        builder.WithMetadata(new ResponseContent(statusCode, contentType, typeof(T)));

    /// <summary>Declares that the <paramref name="statusCode"/> answer may also be <paramref name="contentType"/> (text or a file: the media type says which).</summary>
    public static RouteHandlerBuilder ProducesContent(this RouteHandlerBuilder builder, int statusCode, string contentType) =>
        builder.WithMetadata(new ResponseContent(statusCode, contentType));

    /// <summary>Declares the <paramref name="statusCode"/> answer as <paramref name="contentType"/> with the named schema <paramref name="schema"/> writes.</summary>
    public static RouteHandlerBuilder ProducesContent(this RouteHandlerBuilder builder, int statusCode, string contentType, string schemaName, Func<OpenApiSchema> schema) =>
        builder.WithMetadata(new ResponseContent(statusCode, contentType, SchemaName: schemaName, Schema: schema));
}
