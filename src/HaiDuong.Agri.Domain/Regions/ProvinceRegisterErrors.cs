using HaiDuong.Agri.Domain.Common;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Domain.Regions;

/// <summary>The refusals of the register rules; codes are part of the API (problem types).</summary>
public static class ProvinceRegisterErrors
{
    public const string RegisterExistsCode = "register-exists";
    public const string DuplicateCommuneCode = "duplicate-commune-code";
    public const string CommuneCodeTakenCode = "commune-code-taken";
    public const string CommuneNotInRegisterCode = "commune-not-in-register";
    public const string CommuneAlreadyRetiredCode = "commune-already-retired";

    public static DomainError RegisterExists(string provinceCode) => new(
        RegisterExistsCode, "The province already has a register",
        $"Province {provinceCode} has a register; add, rename or retire its communes instead.");

    public static DomainError DuplicateCommune(string code) => new(
        DuplicateCommuneCode, "A commune code is listed twice",
        $"Commune code {code} appears more than once; each code names one unit.")
    {
        Data = new Dictionary<string, object?> { ["communeCode"] = code },
    };

    public static DomainError CommuneCodeTaken(RegisteredCommune existing) => new(
        CommuneCodeTakenCode, "The commune code is already in the register",
        $"Code {existing.Code} is {existing.Name}" + (existing.RetiredOn is { } on ? $" (retired on {Iso(on)})." : ".") + " A code is never given to another unit.")
    {
        Data = new Dictionary<string, object?> { ["communeCode"] = existing.Code, ["communeName"] = existing.Name },
    };

    public static DomainError CommuneNotInRegister(string provinceCode, string code) => new(
        CommuneNotInRegisterCode, "The commune is not in the register",
        $"Province {provinceCode}'s register has no commune with code {code}.");

    public static DomainError CommuneAlreadyRetired(RegisteredCommune commune) => new(
        CommuneAlreadyRetiredCode, "The commune is already retired",
        $"{commune.Name} ({commune.Code}) was retired on {Iso(commune.RetiredOn!.Value)}.")
    {
        Data = new Dictionary<string, object?> { ["retiredOn"] = Iso(commune.RetiredOn!.Value) },
    };

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
