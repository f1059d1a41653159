using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Sessions;
using Microsoft.OpenApi;
using NodaTime;

namespace HaiDuong.Agri.Api.Infrastructure.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public const string BearerScheme = "bearer";

    public const string SessionScheme = "session";

    public static IServiceCollection AddAgriOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSingleton<RequestRulesCatalogue>();
        services.AddSwaggerGen(c =>
        {
            c.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "HaiDuong.Agri API",
                Version = DocumentName,
                Description = "Farm-to-consumer traceability and e-commerce onboarding for the farming households of Hải Dương (Hải Phòng). "
                    + "Errors are RFC 9457 problems with stable types (urn:haiduong-agri:problem:*). "
                    + "Every POST honours Idempotency-Key; stream commands honour If-Match with the ETag of the last answer.",
            });
            c.MapType<Instant>(() => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" });
            c.MapType<LocalDate>(() => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" });
            c.MapType<LocalTime>(() => new OpenApiSchema { Type = JsonSchemaType.String, Format = "time" });
            c.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key: Authorization: Bearer agri_…",
            });
            c.AddSecurityDefinition(SessionScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = SessionCookies.Session,
                Description = "A browser session opened by POST /api/v1/sessions; state-changing requests also send X-CSRF-Token.",
            });
            c.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [],
            });
            c.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(SessionScheme, document)] = [],
            });
            c.SupportNonNullableReferenceTypes();
            c.OperationFilter<CommandHeadersOperationFilter>();
            c.OperationFilter<OperationIdentityFilter>();
            c.OperationFilter<ResponseContentFilter>();
            c.OperationFilter<QueryRulesOperationFilter>();
            c.OperationFilter<ProblemResponsesFilter>();
            c.OperationFilter<OperationDescriptionFilter>();
            c.SchemaFilter<ValidationRulesSchemaFilter>();
            c.SchemaFilter<ResponseSchemaFilter>();
            c.DocumentFilter<UnusedProblemDetailsFilter>();
            c.DocumentFilter<TagDescriptionsFilter>();
            // Each deployment serves this document at its own host: paths resolve against it (OpenAPI's default, said
            // explicitly so linters and tools need not assume it).
            c.AddServer(new OpenApiServer { Url = "/", Description = "The host that serves this document" });
        });
        return services;
    }

    public static WebApplication UseAgriOpenApi(this WebApplication app)
    {
        app.UseSwagger(c => c.RouteTemplate = "openapi/{documentName}.json");
        app.UseSwaggerUI(c =>
        {
            c.SwaggerEndpoint($"/openapi/{DocumentName}.json", "HaiDuong.Agri API v1");
            c.RoutePrefix = "swagger";
        });
        return app;
    }
}

/// <summary>Documents the headers every command honours: Idempotency-Key on all, If-Match on commands to an existing stream.</summary>
public sealed class CommandHeadersOperationFilter : Swashbuckle.AspNetCore.SwaggerGen.IOperationFilter
{
    public void Apply(OpenApiOperation operation, Swashbuckle.AspNetCore.SwaggerGen.OperationFilterContext context)
    {
        var method = context.ApiDescription.HttpMethod ?? "GET";
        if (method is "GET" or "HEAD")
        {
            return;
        }

        operation.Parameters ??= [];
        var idempotencyKey = Header(
            CommandTransactionFilter.HeaderName,
            "Repeat a request safely: the same key and body answer the first response and append nothing; the same key with another body is 422.");
        idempotencyKey.Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            MinLength = 1,
            MaxLength = CommandTransactionFilter.MaxKeyLength,
            Pattern = CommandTransactionFilter.KeyPattern,
        };
        operation.Parameters.Add(idempotencyKey);
        if (method == "POST" && context.ApiDescription.RelativePath?.Contains("{id}", StringComparison.Ordinal) == true)
        {
            operation.Parameters.Add(Header("If-Match", "The ETag of the version this command expects; 412 when the resource has moved on."));
        }
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
