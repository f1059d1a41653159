using HaiDuong.Agri.Api.Regions;
using HaiDuong.Agri.Domain.Households;
using HaiDuong.Agri.Domain.Regions;
using NodaTime;

namespace HaiDuong.Agri.Api.Households;

/// <summary>
/// A household as the API shows it: the stream's state with the names its province's register gives the codes (null where
/// the province has no register, or the register does not hold the code). The names are read when the view is sent.
/// </summary>
public sealed record HouseholdView(
    Guid Id,
    string Name,
    string Phone,
    string ProvinceCode,
    string? ProvinceName,
    string CommuneCode,
    string? CommuneName,
    string? Address,
    Guid? CooperativeId,
    Instant RegisteredAt)
{
    public long Version { get; init; }

    public required Onboarding Onboarding { get; init; }

    public string? FormerDistrict { get; init; }

    public static HouseholdView Of(Household household, ProvinceRegister? register)
    {
        var names = RegionNames.Of(register, household.CommuneCode);
        return new HouseholdView(
            household.Id, household.Name, household.Phone, household.ProvinceCode, names.ProvinceName, household.CommuneCode, names.CommuneName,
            household.Address, household.CooperativeId, household.RegisteredAt)
        {
            Version = household.Version,
            Onboarding = household.Onboarding,
            FormerDistrict = household.FormerDistrict,
        };
    }
}
