using HaiDuong.Agri.Domain.Regions;

namespace HaiDuong.Agri.Api.Regions;

/// <summary>The names a register gives a province and commune code, shown beside the codes; null where no register says.</summary>
public readonly record struct RegionNames(string? ProvinceName, string? CommuneName)
{
    public static readonly RegionNames None = new(null, null);

    /// <summary>The names from the province's register, if one is loaded (a retired commune keeps its name).</summary>
    public static RegionNames Of(ProvinceRegister? register, string communeCode) =>
        register is null ? None : new(register.Name, register.Find(communeCode)?.Name);

    /// <summary>The names from whichever of <paramref name="registers"/> is the province's.</summary>
    public static RegionNames Of(IReadOnlyDictionary<string, ProvinceRegister> registers, string provinceCode, string communeCode) =>
        Of(registers.GetValueOrDefault(provinceCode), communeCode);
}
