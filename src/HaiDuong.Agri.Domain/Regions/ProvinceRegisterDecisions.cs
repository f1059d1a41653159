using HaiDuong.Agri.Domain.Common;
using NodaTime;

namespace HaiDuong.Agri.Domain.Regions;

/// <summary>What a register says of a commune code given for something registered in its province.</summary>
public enum CommuneStanding
{
    /// <summary>In the register and not retired: accepted.</summary>
    Active,

    /// <summary>In the register but retired on or before the day: no new registrations.</summary>
    Retired,

    /// <summary>Not in the register.</summary>
    Unknown,
}

public sealed partial record ProvinceRegister
{
    /// <summary>A province's first register: every code once. A province that has one is refused (edit its communes instead).</summary>
    public static Decision Load(ProvinceRegister? existing, LoadProvinceRegister c, Instant now)
    {
        if (existing is not null)
        {
            return Decision.Reject(ProvinceRegisterErrors.RegisterExists(c.ProvinceCode));
        }

        var duplicate = c.Communes.GroupBy(e => e.Code, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is not null
            ? Decision.Reject(ProvinceRegisterErrors.DuplicateCommune(duplicate.Key))
            : Decision.Accept(new ProvinceRegisterLoaded(StreamId(c.ProvinceCode), c.ProvinceCode, c.Name, c.Source, c.Communes, now));
    }

    /// <summary>A new unit; its code must be new to the register (a retired unit's code is not given again).</summary>
    public Decision Add(AddCommune c, Instant now) =>
        Find(c.Code) is { } existing
            ? Decision.Reject(ProvinceRegisterErrors.CommuneCodeTaken(existing))
            : Decision.Accept(new CommuneAdded(Id, ProvinceCode, c.Code, c.Name, c.Kind, now));

    /// <summary>A new name for a unit (retired ones too: a misspelt name is corrected wherever it shows); the same name again changes nothing.</summary>
    public Decision Rename(RenameCommune c, Instant now) =>
        Find(c.Code) is not { } commune ? Decision.Reject(ProvinceRegisterErrors.CommuneNotInRegister(ProvinceCode, c.Code))
        : commune.Name == c.Name ? Decision.Accept()
        : Decision.Accept(new CommuneRenamed(Id, ProvinceCode, c.Code, c.Name, commune.Name, now));

    /// <summary>A unit stops taking new registrations from a date; retiring it twice is refused.</summary>
    public Decision Retire(RetireCommune c, Instant now) =>
        Find(c.Code) is not { } commune ? Decision.Reject(ProvinceRegisterErrors.CommuneNotInRegister(ProvinceCode, c.Code))
        : commune.RetiredOn is not null ? Decision.Reject(ProvinceRegisterErrors.CommuneAlreadyRetired(commune))
        : Decision.Accept(new CommuneRetired(Id, ProvinceCode, c.Code, c.On, c.Reason, now));

    /// <summary>
    /// Whether a household, cooperative or growing area registered on <paramref name="on"/> may name this commune: it must be
    /// in the register and not retired by that day.
    /// </summary>
    public CommuneStanding Standing(string communeCode, LocalDate on) =>
        Find(communeCode) switch
        {
            null => CommuneStanding.Unknown,
            { RetiredOn: { } retired } when retired <= on => CommuneStanding.Retired,
            _ => CommuneStanding.Active,
        };
}
