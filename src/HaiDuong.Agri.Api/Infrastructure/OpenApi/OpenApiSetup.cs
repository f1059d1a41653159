using Microsoft.OpenApi;
using NodaTime;

namespace HaiDuong.Agri.Api.Infrastructure.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddAgriOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
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
            c.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key: Authorization: Bearer agri_…",
            });
            c.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("bearer", document)] = [],
            });
            c.SupportNonNullableReferenceTypes();
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
