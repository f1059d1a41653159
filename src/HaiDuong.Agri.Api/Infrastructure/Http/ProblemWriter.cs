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
