using NodaTime;

namespace HaiDuong.Agri.Domain.Lots;

public sealed record PackLot(
    Guid LotId,
    string Gtin,
    string LotCode,
    LocalDate PackedOn,
    int UnitCount,
    int NetWeightGrams,
    string ProductName,
    string? Packaging);
