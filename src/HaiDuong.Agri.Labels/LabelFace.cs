namespace HaiDuong.Agri.Labels;

/// <summary>
/// What every label of one sheet shows besides its own QR code. All text is final (already formatted);
/// it is normalised to Unicode NFC before drawing.
/// </summary>
/// <param name="ProductName">Vietnamese product name, e.g. "Vải thiều Thanh Hà loại 1"; bold, at most two lines.</param>
/// <param name="LotCode">The lot, e.g. "260603-K7QF"; printed as "Lô: …".</param>
/// <param name="PackedOn">Packing date already formatted dd/MM/yyyy; printed as "Đóng gói: …".</param>
/// <param name="NetWeight">Net weight already formatted, e.g. "2 kg"; printed as "KL tịnh: …".</param>
/// <param name="Producer">Household or cooperative name.</param>
/// <param name="GrowingAreaCode">Mã số vùng trồng, e.g. "VN-HDTH-0012"; printed as "Mã vùng trồng: …" when present.</param>
/// <param name="CertificationMarks">Marks such as "VietGAP" drawn as outlined badges; empty = no badge.</param>
public sealed record LabelFace(
    string ProductName,
    string LotCode,
    string PackedOn,
    string NetWeight,
    string Producer,
    string? GrowingAreaCode,
    IReadOnlyList<string> CertificationMarks);
