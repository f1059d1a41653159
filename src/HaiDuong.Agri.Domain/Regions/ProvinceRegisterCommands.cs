using NodaTime;

namespace HaiDuong.Agri.Domain.Regions;

public sealed record LoadProvinceRegister(string ProvinceCode, string Name, string Source, IReadOnlyList<CommuneEntry> Communes);

public sealed record AddCommune(string Code, string Name, CommuneKind Kind);

public sealed record RenameCommune(string Code, string Name);

public sealed record RetireCommune(string Code, LocalDate On, string? Reason);
