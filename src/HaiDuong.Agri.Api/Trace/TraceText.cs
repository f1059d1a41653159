using System.Globalization;
using HaiDuong.Agri.Domain.Common;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Api.Trace;

/// <summary>The page's words in Vietnamese (default) and English, and how dates and numbers are written in each.</summary>
public sealed class TraceText
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.CreateWithInvariantCulture("dd/MM/yyyy");

    private readonly Dictionary<string, string> words;

    private TraceText(string language, CultureInfo culture, Dictionary<string, string> words)
    {
        Language = language;
        Culture = culture;
        this.words = words;
    }

    public static readonly TraceText Vietnamese = new("vi", CultureInfo.GetCultureInfo("vi-VN"), new()
    {
        ["title"] = "Truy xuất nguồn gốc",
        ["throttled.title"] = "Vui lòng chờ một chút",
        ["landing.title"] = "Tra cứu nguồn gốc sản phẩm",
        ["landing.intro"] = "Mã QR bị hỏng? Nhập mã sản phẩm (GTIN, các chữ số dưới mã vạch) và số sê-ri in trên tem.",
        ["landing.submit"] = "Tra cứu",
        ["advice.return"] = "Đừng sử dụng sản phẩm. Hãy mang trả lại nơi bán, hoặc gọi cho hợp tác xã hay cơ sở sản xuất ghi trên bao bì.",
        ["throttled"] = "Từ địa chỉ mạng này đã có quá nhiều lượt tra mã không tồn tại. Vui lòng thử lại sau {0} giây.",
        ["genuine"] = "Mã tem hợp lệ",
        ["lot"] = "Thông tin lô hàng",
        ["unknown.title"] = "Cảnh báo: không tìm thấy mã này",
        ["unknown"] = "Mã tem này không có trong hệ thống truy xuất. Sản phẩm có thể không phải hàng chính hãng.",
        ["unknown.advice"] = "Hãy kiểm tra lại tem, hỏi người bán về nguồn gốc sản phẩm, và không mua nếu không rõ nguồn gốc.",
        ["origin"] = "Nguồn gốc",
        ["voided"] = "Mã tem này đã bị nhà sản xuất hủy. Sản phẩm mang tem này có thể không phải hàng chính hãng.",
        ["recalled"] = "THU HỒI: lô hàng này đang bị thu hồi. Không sử dụng sản phẩm.",
        ["suspicious"] = "Mã này đã được quét {0} lần, nhiều hơn bình thường cho một sản phẩm. Tem có thể đã bị sao chép.",
        ["product"] = "Sản phẩm",
        ["gtin"] = "Mã sản phẩm (GTIN)",
        ["lotCode"] = "Mã lô",
        ["serial"] = "Số sê-ri",
        ["netWeight"] = "Khối lượng tịnh",
        ["packaging"] = "Quy cách",
        ["grower"] = "Người trồng",
        ["cooperative"] = "Hợp tác xã",
        ["commune"] = "Xã/phường (mã)",
        ["province"] = "Tỉnh/thành phố (mã)",
        ["area"] = "Vùng trồng",
        ["areaCode"] = "Mã số vùng trồng",
        ["packingHouseCode"] = "Mã số cơ sở đóng gói",
        ["harvestedOn"] = "Ngày thu hoạch",
        ["packedOn"] = "Ngày đóng gói",
        ["certifications"] = "Chứng nhận",
        ["noCertification"] = "Không có chứng nhận còn hiệu lực vào ngày thu hoạch.",
        ["validUntil"] = "hiệu lực đến",
        ["steps"] = "Nhật ký sản xuất",
        ["step.planting"] = "Trồng",
        ["step.input"] = "Bón phân / phun thuốc",
        ["step.activity"] = "Chăm sóc",
        ["step.harvest"] = "Thu hoạch",
        ["kind.fertilizer"] = "Phân bón",
        ["kind.pesticide"] = "Thuốc bảo vệ thực vật",
        ["kind.other"] = "Vật tư khác",
        ["kind.irrigation"] = "Tưới nước",
        ["kind.pruning"] = "Tỉa cành",
        ["kind.weeding"] = "Làm cỏ",
        ["kind.observation"] = "Theo dõi",
        ["phi"] = "Thời gian cách ly {0} ngày",
        ["phi.respected"] = "đã tuân thủ (thu hoạch từ {0})",
        ["phi.broken"] = "KHÔNG tuân thủ",
        ["scans"] = "Lượt quét",
        ["scans.text"] = "Đã quét {0} lần, lần đầu lúc {1}.",
        ["scans.first"] = "Đây là lần quét đầu tiên.",
        ["language"] = "English",
        ["footer"] = "Dữ liệu do hộ sản xuất và hợp tác xã ghi lại trên HaiDuong.Agri.",
    });

    public static readonly TraceText English = new("en", CultureInfo.GetCultureInfo("en-GB"), new()
    {
        ["title"] = "Product traceability",
        ["throttled.title"] = "Please wait a moment",
        ["landing.title"] = "Look up a product's origin",
        ["landing.intro"] = "QR code damaged? Type the product code (GTIN, the digits under the barcode) and the serial printed on the label.",
        ["landing.submit"] = "Look up",
        ["advice.return"] = "Do not use the product. Return it to the seller, or call the cooperative or producer named on the package.",
        ["throttled"] = "Too many codes that do not exist were looked up from this network address. Please try again in {0} seconds.",
        ["genuine"] = "Genuine code",
        ["lot"] = "Lot information",
        ["unknown.title"] = "Warning: code not found",
        ["unknown"] = "This code is not in the traceability system. The product may not be genuine.",
        ["unknown.advice"] = "Check the label again, ask the seller where the product comes from, and do not buy it if its origin is unclear.",
        ["origin"] = "Origin",
        ["voided"] = "This code was voided by its producer. A product carrying it may not be genuine.",
        ["recalled"] = "RECALL: this lot is being recalled. Do not use the product.",
        ["suspicious"] = "This code has been scanned {0} times, more than usual for one package. The label may have been copied.",
        ["product"] = "Product",
        ["gtin"] = "Product code (GTIN)",
        ["lotCode"] = "Lot",
        ["serial"] = "Serial",
        ["netWeight"] = "Net weight",
        ["packaging"] = "Packaging",
        ["grower"] = "Grown by",
        ["cooperative"] = "Cooperative",
        ["commune"] = "Commune (code)",
        ["province"] = "Province (code)",
        ["area"] = "Growing area",
        ["areaCode"] = "Growing-area code",
        ["packingHouseCode"] = "Packing-house code",
        ["harvestedOn"] = "Harvested on",
        ["packedOn"] = "Packed on",
        ["certifications"] = "Certifications",
        ["noCertification"] = "No certification was valid on the harvest date.",
        ["validUntil"] = "valid until",
        ["steps"] = "Production record",
        ["step.planting"] = "Planting",
        ["step.input"] = "Fertiliser / plant protection",
        ["step.activity"] = "Care",
        ["step.harvest"] = "Harvest",
        ["kind.fertilizer"] = "Fertiliser",
        ["kind.pesticide"] = "Plant protection product",
        ["kind.other"] = "Other input",
        ["kind.irrigation"] = "Irrigation",
        ["kind.pruning"] = "Pruning",
        ["kind.weeding"] = "Weeding",
        ["kind.observation"] = "Observation",
        ["phi"] = "Pre-harvest interval {0} days",
        ["phi.respected"] = "respected (harvest allowed from {0})",
        ["phi.broken"] = "NOT respected",
        ["scans"] = "Scans",
        ["scans.text"] = "Scanned {0} times, first on {1}.",
        ["scans.first"] = "This is the first scan.",
        ["language"] = "Tiếng Việt",
        ["footer"] = "Recorded by the growing household and its cooperative on HaiDuong.Agri.",
    });

    public string Language { get; }

    public CultureInfo Culture { get; }

    public TraceText Other => ReferenceEquals(this, Vietnamese) ? English : Vietnamese;

    public string this[string key] => words.TryGetValue(key, out var text) ? text : key;

    public string Format(string key, params object[] values) => string.Format(Culture, this[key], values);

    public static string Date(LocalDate date) => DatePattern.Format(date);

    /// <summary>A moment as a Vietnamese wall clock shows it: <c>dd/MM/yyyy HH:mm</c>.</summary>
    public static string Moment(Instant instant) =>
        instant.InZone(FieldTime.Zone).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    public string Number(decimal value) => value.ToString("0.##", Culture);

    public string Weight(int grams) => grams < 1000 ? $"{grams} g" : $"{Number(grams / 1000m)} kg";

    /// <summary>English when asked with <c>?lang=en</c> or when the browser prefers English; Vietnamese otherwise.</summary>
    public static TraceText For(HttpRequest request)
    {
        var lang = request.Query["lang"].ToString();
        if (lang.Length > 0)
        {
            return lang.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : Vietnamese;
        }

        var preferred = request.GetTypedHeaders().AcceptLanguage
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value ?? "")
            .FirstOrDefault(l => l.Length > 0) ?? "vi";
        return preferred.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : Vietnamese;
    }
}
