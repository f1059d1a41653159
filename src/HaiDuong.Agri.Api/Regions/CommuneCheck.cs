using System.Globalization;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Regions;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Api.Regions;

/// <summary>
/// The register rule for everything registered with a commune (households, cooperatives, growing areas): in a province
/// whose register is loaded, the commune must be in it and not retired, else 400 naming the field. A province without a
/// register takes codes as given (digits), as before registers existed.
/// </summary>
public static class CommuneCheck
{
    /// <summary>The province's register (null when none is loaded), after checking <paramref name="communeCode"/> against it.</summary>
    public static async Task<ProvinceRegister?> EnsureInRegisterAsync(
        this IQuerySession session, string provinceCode, string communeCode, Instant now, string field, CancellationToken ct)
    {
        var register = await session.LoadAsync<ProvinceRegister>(ProvinceRegister.StreamId(provinceCode), ct);
        if (register is null)
        {
            return null;
        }

        var message = register.Standing(communeCode, FieldTime.DateOf(now)) switch
        {
            CommuneStanding.Unknown => string.Create(
                CultureInfo.InvariantCulture,
                $"Commune {communeCode} is not in the register of province {provinceCode} ({register.Name}); GET /api/v1/regions/{provinceCode}/communes lists its communes."),
            CommuneStanding.Retired => string.Create(
                CultureInfo.InvariantCulture,
                $"{register.Find(communeCode)!.Name} ({communeCode}) was retired from the register of province {provinceCode} on {LocalDatePattern.Iso.Format(register.Find(communeCode)!.RetiredOn!.Value)} and takes no new registrations."),
            _ => null,
        };
        return message is null
            ? register
            : throw Problems.Validation(new Dictionary<string, string[]> { [field] = [message] });
    }
}
