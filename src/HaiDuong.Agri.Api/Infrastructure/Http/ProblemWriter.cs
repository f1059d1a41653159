using Microsoft.AspNetCore.Mvc;

namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary>Writes problems as <c>application/problem+json</c> with a stable type, the path and a trace id.</summary>
public static class ProblemWriter
{
    public static ProblemDetails ToProblemDetails(ProblemException problem, HttpContext http)
    {
        var details = new ProblemDetails
        {
            Type = Problems.Type(problem.Code),
            Title = problem.Title,
            Status = problem.Status,
            Detail = problem.Detail,
            Instance = http.Request.Path,
        };
        if (problem.Errors is not null)
        {
            details.Extensions["errors"] = problem.Errors;
        }

        foreach (var (key, value) in problem.Extensions ?? new Dictionary<string, object?>())
        {
            details.Extensions[key] = value;
        }

        details.Extensions["traceId"] = http.TraceIdentifier;
        return details;
    }

    /// <summary>
    /// Gives the problems ASP.NET writes itself (unknown route, wrong method or media type, a body cut at the size limit,
    /// an unexpected error) the same stable types as ours.
    /// </summary>
    public static void CustomizeFrameworkProblem(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type?.StartsWith(Problems.TypePrefix, StringComparison.Ordinal) == true)
        {
            return;
        }

        if (problem.Status == StatusCodes.Status413PayloadTooLarge)
        {
            var limit = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<BodySizeLimit>()?.Bytes ?? BodySizeLimit.Default;
            var tooLarge = Problems.PayloadTooLarge(limit);
            problem.Type = Problems.Type(tooLarge.Code);
            problem.Title = tooLarge.Title;
            problem.Detail = tooLarge.Detail;
            problem.Extensions["limitBytes"] = limit;
            return;
        }

        problem.Type = Problems.Type(problem.Status switch
        {
            404 => Problems.NotFoundCode,
            405 => "method-not-allowed",
            415 => Problems.UnsupportedMediaTypeCode,
            >= 500 => "internal-error",
            _ => "http-" + problem.Status,
        });
    }

    public static async Task WriteAsync(HttpContext http, ProblemException problem)
    {
        http.Response.StatusCode = problem.Status;
        foreach (var (name, value) in problem.Headers ?? new Dictionary<string, string>())
        {
            http.Response.Headers[name] = value;
        }

        await http.Response.WriteAsJsonAsync(
            ToProblemDetails(problem, http),
            options: null,
            contentType: "application/problem+json",
            cancellationToken: http.RequestAborted);
    }
}
