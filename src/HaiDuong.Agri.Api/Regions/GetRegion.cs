using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Regions;
using Marten;
using Mediator;

namespace HaiDuong.Agri.Api.Regions;

/// <summary>A province's register; 404 when the province has none (its codes are taken as given).</summary>
public sealed record GetRegion(string ProvinceCode) : IQuery<ProvinceRegister>;

public sealed class GetRegionHandler(IQuerySession session) : IQueryHandler<GetRegion, ProvinceRegister>
{
    public async ValueTask<ProvinceRegister> Handle(GetRegion query, CancellationToken cancellationToken) =>
        await session.LoadRegisterAsync(query.ProvinceCode, cancellationToken);
}

public static class RegisterLoading
{
    /// <summary>The province's register, or 404 (a code that is not digits never has one).</summary>
    public static async Task<ProvinceRegister> LoadRegisterAsync(this IQuerySession session, string provinceCode, CancellationToken ct) =>
        IsCode(provinceCode) && await session.LoadAsync<ProvinceRegister>(ProvinceRegister.StreamId(provinceCode), ct) is { } register
            ? register
            : throw Problems.NotFound("province register");

    /// <summary>Province and commune codes: 1 to 10 ASCII digits.</summary>
    public static bool IsCode(string? code) => code is { Length: > 0 and <= 10 } && code.All(char.IsAsciiDigit);
}
