namespace HaiDuong.Agri.Domain.Households;

public sealed record RegisterHousehold(
    Guid HouseholdId,
    string Name,
    string Phone,
    string ProvinceCode,
    string CommuneCode,
    string? Address,
    Guid? CooperativeId,
    string? FormerDistrict = null);
