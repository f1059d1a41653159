using System.Globalization;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Regions;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Regions;

/// <summary>A register as it is loaded: the shipped data files have this shape too (plus notes the loader does not read).</summary>
public sealed record LoadRegisterRequest(string? ProvinceCode, string? Name, string? Source, IReadOnlyList<CommuneRequest?>? Communes)
{
    public const int MaxCommunes = 10_000;

    public void Validate(Validator v)
    {
        v.Digits("provinceCode", ProvinceCode, required: true);
        v.Text("name", Name, required: true, maxLength: 200);
        v.Text("source", Source, required: true, maxLength: 2000, multiline: true);
        if (Communes is null)
        {
            v.Fail("communes", "This field is required.");
            return;
        }

        if (Communes.Count is 0 or > MaxCommunes)
        {
            v.Fail("communes", string.Create(CultureInfo.InvariantCulture, $"List 1 to {MaxCommunes} communes."));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Communes.Count; i++)
        {
            var item = v.For(string.Create(CultureInfo.InvariantCulture, $"communes[{i}]"));
            if (Communes[i] is not { } commune)
            {
                v.Fail(string.Create(CultureInfo.InvariantCulture, $"communes[{i}]"), "This field is required.");
                continue;
            }

            commune.Validate(item);
            if (commune.Code is { } code && !seen.Add(code))
            {
                item.Fail("code", "This code is listed twice; each code names one unit.");
            }

            v.Merge(item);
        }
    }

    public LoadProvinceRegister ToCommand() => new(
        ProvinceCode!, Validator.Clean(Name)!, Validator.Clean(Source)!,
        [.. Communes!.Select(c => new CommuneEntry(c!.Code!, Validator.Clean(c.Name)!, c.Kind!.Value))]);
}

/// <summary>A commune-level unit: its official code (digits), its name as the register writes it ("Xã Thanh Hà") and its kind.</summary>
public sealed record CommuneRequest(string? Code, string? Name, CommuneKind? Kind)
{
    public void Validate(Validator v)
    {
        v.Digits("code", Code, required: true);
        v.Text("name", Name, required: true, maxLength: 100);
        v.Required("kind", Kind);
    }
}

public sealed record LoadRegisterCommand(LoadRegisterRequest Body) : ICommand<Outcome<RegionView>>, IValidated
{
    public void Validate(Validator v) => Body.Validate(v);
}

/// <summary>An admin loads the register of a province that has none (the shipped ones are loaded at start).</summary>
public sealed class LoadRegisterHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<LoadRegisterCommand, Outcome<RegionView>>
{
    public async ValueTask<Outcome<RegionView>> Handle(LoadRegisterCommand command, CancellationToken cancellationToken)
    {
        var load = command.Body.ToCommand();
        var id = ProvinceRegister.StreamId(load.ProvinceCode);
        var session = await unitOfWork.SessionAsync(cancellationToken);
        var existing = await session.LoadAsync<ProvinceRegister>(id, cancellationToken);
        var loaded = (ProvinceRegisterLoaded)ProvinceRegister.Load(existing, load, clock.GetCurrentInstant()).Accepted().Single();
        session.Events.StartStream<ProvinceRegister>(id, loaded);
        return Outcome.Created(RegionView.Of(ProvinceRegister.From(loaded) with { Version = 1 }), 1);
    }
}
