using System.Globalization;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Sessions;
using JasperFx;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Api.Desk;

/// <summary>
/// A desk form that came back refused: which form (its name and the object it acts on), what the user typed, and the
/// problems in Vietnamese by field (and one for the whole form). A page renders each form from this when it is the one
/// that failed, so nothing typed is lost.
/// </summary>
public sealed class DeskForm(string name, string? target, IReadOnlyDictionary<string, string> values)
{
    public string Name { get; } = name;

    public string? Target { get; } = target;

    public IReadOnlyDictionary<string, string> Values { get; } = values;

    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public string? Summary { get; set; }

    /// <summary>The status the re-rendered page answers with: the problem's (400, 409, 412…).</summary>
    public int Status { get; set; } = StatusCodes.Status400BadRequest;

    public bool Is(string name, string? target = null) => Name == name && Target == target;

    public string? Value(string field) => Values.GetValueOrDefault(field);

    public IReadOnlyList<string> ErrorsOf(string field) => Errors.TryGetValue(field, out var list) ? list : [];

    public void Add(string field, string message)
    {
        if (!Errors.TryGetValue(field, out var list))
        {
            Errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>
    /// The request's form (<see cref="Of"/>); a body that is no form (JSON, say) is a 415 problem, where reading it as one
    /// would throw.
    /// </summary>
    public static async Task<DeskForm> ReadAsync(HttpContext http, string name, string? target = null)
    {
        if (!http.Request.HasFormContentType)
        {
            throw new ProblemException(
                StatusCodes.Status415UnsupportedMediaType, Problems.UnsupportedMediaTypeCode, "A form is expected",
                "Send the page's form (application/x-www-form-urlencoded or multipart/form-data).");
        }

        return Of(name, target, await http.Request.ReadFormAsync(http.RequestAborted));
    }

    /// <summary>The form as posted (the anti-forgery token left out).</summary>
    public static DeskForm Of(string name, string? target, IFormCollection form) =>
        new(name, target, form.Where(f => f.Key != SessionCookies.CsrfFormField).ToDictionary(f => f.Key, f => f.Value.ToString().Trim(), StringComparer.Ordinal));

    public string? Text(string field) => Value(field) is { Length: > 0 } text ? text : null;

    /// <summary>A whole number typed in the form (spaces, dots and commas as thousands separators allowed); a problem when it is not one.</summary>
    public long? Whole(string field)
    {
        if (Text(field) is not { } text)
        {
            return null;
        }

        var digits = text.Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Add(field, "Phải là một số nguyên, ví dụ 120.");
        return null;
    }

    public int? Int(string field) => Whole(field) is { } value ? (int)Math.Clamp(value, int.MinValue, int.MaxValue) : null;

    /// <summary>A date from the browser's date field (<c>yyyy-MM-dd</c>) or typed as <c>dd/MM/yyyy</c>.</summary>
    public LocalDate? Date(string field)
    {
        if (Text(field) is not { } text)
        {
            return null;
        }

        foreach (var pattern in new[] { LocalDatePattern.Iso, LocalDatePattern.CreateWithInvariantCulture("dd/MM/yyyy") })
        {
            if (pattern.Parse(text) is { Success: true } parsed)
            {
                return parsed.Value;
            }
        }

        Add(field, "Ngày phải viết dạng ngày/tháng/năm, ví dụ 01/07/2026.");
        return null;
    }

    /// <summary>The problem's field errors in Vietnamese beside their fields, and a sentence for the whole form.</summary>
    public void Absorb(ProblemException problem)
    {
        foreach (var (field, messages) in problem.Errors ?? new Dictionary<string, string[]>())
        {
            foreach (var message in messages)
            {
                Add(field, DeskText.Field(message));
            }
        }

        // A refusal about one field is said beside it; the form's own line then only points there.
        if (DeskText.FieldOf(problem) is { } blamed && Values.ContainsKey(blamed))
        {
            Add(blamed, DeskText.Problem(problem));
            Summary = "Có mục chưa đúng: xem ghi chú bên cạnh từng mục.";
        }
        else
        {
            Summary = DeskText.Problem(problem);
        }

        Status = problem.Status;
    }
}

/// <summary>
/// Runs a desk form's command as the API's command routes do (<see cref="CommandTransactionFilter"/>): one transaction,
/// committed on success, rolled back on a problem, decided again after a lost race. The command is the API's own
/// Mediator request, so its validation, role and ownership checks and domain rules are the API's.
/// </summary>
public static class DeskCommands
{
    private const int Attempts = 8;

    /// <summary>Null when the command succeeded (and was committed), else the form with its problems.</summary>
    public static async Task<DeskForm?> RunAsync(HttpContext http, DeskForm form, Func<CancellationToken, ValueTask> send)
    {
        var unitOfWork = http.RequestServices.GetRequiredService<UnitOfWork>();
        var ct = http.RequestAborted;
        if (form.Errors.Count > 0)
        {
            form.Summary = "Có mục chưa đúng: xem ghi chú bên cạnh từng mục.";
            return form;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await send(ct);
                await unitOfWork.CommitAsync(ct);
                return null;
            }
            catch (ProblemException problem) when (problem.Status is >= 400 and < 500 and not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound))
            {
                await unitOfWork.ResetAsync();
                form.Absorb(problem);
                return form;
            }
            catch (ConcurrencyException) when (attempt < Attempts)
            {
                // Decided again on the new state: a version the form carries is checked again there (as the API's If-Match).
                await unitOfWork.ResetAsync();
                await Task.Delay(Random.Shared.Next(5, 20) * attempt, ct);
            }
            catch (ConcurrencyException)
            {
                // Writers kept coming first, try after try: said as a changed version, not a server error.
                await unitOfWork.ResetAsync();
                form.Absorb(Problems.VersionMismatch(null));
                return form;
            }
            catch (Exception e) when (attempt < Attempts && ProblemExceptionHandler.IsTransientConflict(e))
            {
                await unitOfWork.ResetAsync();
                await Task.Delay(Random.Shared.Next(5, 20) * attempt, ct);
            }
            catch
            {
                await unitOfWork.ResetAsync();
                throw;
            }
        }
    }
}

/// <summary>Renders a desk page (a Razor component) to an HTML answer, as the trace page is rendered.</summary>
public static class DeskPages
{
    public static async Task<IResult> RenderAsync<TPage>(HttpContext http, IDictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where TPage : IComponent
    {
        var renderer = http.RequestServices.GetRequiredService<HtmlRenderer>();
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TPage>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", null, status);
    }
}
