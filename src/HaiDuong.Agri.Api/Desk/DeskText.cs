using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Listings;
using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.Households;
using HaiDuong.Agri.Domain.Listings;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Api.Desk;

/// <summary>
/// The desk's Vietnamese. Problems keep their English in the API (clients switch on the problem <c>type</c> and the field
/// name, never on the words); the desk renders them in Vietnamese here, from the problem's code, its data (such as
/// <c>availableGrams</c>) and the shape of the validator's few message forms. One table, in the one place that shows
/// them, so the API's answers and the rules that make them stay untouched; a message this table does not know shows a
/// Vietnamese sentence with the English detail after it, never nothing.
/// </summary>
public static partial class DeskText
{
    private static readonly (Regex Pattern, Func<Match, string> Say)[] FieldMessages =
    [
        (Exact("This field is required."), _ => "Cần điền mục này."),
        (Exact("This field is required (a date written yyyy-MM-dd)."), _ => "Cần điền ngày."),
        (Exact("This field must not be empty."), _ => "Không được để trống."),
        (Exact("Control characters are not allowed."), _ => "Không được chứa ký tự điều khiển."),
        (Exact("Must not be more than one day in the future."), _ => "Không được sau ngày mai."),
        (Exact("A GTIN is required."), _ => "Cần điền mã GTIN."),
        (Exact("A GTIN is made of digits only."), _ => "Mã GTIN chỉ gồm chữ số."),
        (Exact("A GTIN has 8, 12, 13 or 14 digits."), _ => "Mã GTIN có 8, 12, 13 hoặc 14 chữ số."),
        (new Regex(@"^The check digit is wrong: for (\d+) it is (\d)\.$"), m => $"Số kiểm tra sai: với {m.Groups[1].Value} thì số cuối phải là {m.Groups[2].Value}."),
        (new Regex(@"^At most (\d+) characters\.$"), m => $"Tối đa {m.Groups[1].Value} ký tự."),
        (new Regex(@"^Must be 1 to (\d+) digits"), m => $"Phải là 1 đến {m.Groups[1].Value} chữ số, ví dụ 30 hoặc 10507."),
        (new Regex(@"^Must be a phone number"), _ => "Số điện thoại phải có 8 đến 15 chữ số, ví dụ 0912345678 hoặc +84912345678."),
        (new Regex(@"^Must be greater than 0 and at most ([\d,.]+)\.$"), m => $"Phải lớn hơn 0 và không quá {m.Groups[1].Value}."),
        (new Regex(@"^Must be between ([\d,.-]+) and ([\d,.]+)\.$"), m => $"Phải từ {m.Groups[1].Value} đến {m.Groups[2].Value}."),
        (new Regex(@"^Expected a calendar date"), _ => "Ngày không hợp lệ."),
        (new Regex(@"^Must be a date"), _ => "Ngày không hợp lệ."),
        (new Regex(@"^Commune (\d+) is not in the register"), m => $"Xã/phường mã {m.Groups[1].Value} không có trong danh mục đơn vị hành chính của tỉnh/thành phố."),
        (new Regex(@"^(.+) \((\d+)\) was retired from the register"), m => $"{m.Groups[1].Value} ({m.Groups[2].Value}) đã thôi hoạt động trong danh mục đơn vị hành chính, không nhận đăng ký mới."),
        (new Regex(@"^A lot code is"), _ => "Mã lô gồm 1 đến 20 ký tự: chữ không dấu, chữ số và !\"%&'()*+,-./:;<=>?_"),
        (new Regex(@"^No (.+) with this id is visible to you\.$"), _ => "Không tìm thấy."),
        (new Regex(@"^Must be one of"), _ => "Giá trị không thuộc danh sách cho phép."),
    ];

    /// <summary>A field problem's message in Vietnamese.</summary>
    public static string Field(string english)
    {
        foreach (var (pattern, say) in FieldMessages)
        {
            var match = pattern.Match(english);
            if (match.Success)
            {
                return say(match);
            }
        }

        return $"Giá trị không hợp lệ ({english})";
    }

    /// <summary>A refusal (no field to blame, or more than a field: 403, 404, 409, 412…) in Vietnamese.</summary>
    public static string Problem(ProblemException problem) => problem.Code switch
    {
        Problems.ValidationCode or Problems.MalformedCode => "Có mục chưa đúng: xem ghi chú bên cạnh từng mục.",
        Problems.NotFoundCode => "Không tìm thấy, hoặc mục này không thuộc hợp tác xã của bạn.",
        Problems.ForbiddenCode => "Bạn không có quyền làm việc này.",
        Problems.VersionMismatchCode => "Dữ liệu vừa được người khác thay đổi: hãy xem lại rồi gửi lại.",
        Problems.ConcurrentWriteCode => "Hệ thống đang bận, chưa ghi được: hãy gửi lại.",
        "batch-not-harvested" => "Lô sản xuất chưa thu hoạch, chưa thể đóng gói.",
        "packed-before-harvest" => "Ngày đóng gói sớm hơn ngày thu hoạch.",
        "packed-exceeds-harvest" => $"Khối lượng đóng gói vượt quá sản lượng thu hoạch còn lại ({Kg(Data<long>(problem, "availableGrams"))} kg).",
        "lot-code-taken" => "Mã lô này đã được dùng cho mã GTIN này.",
        "stamps-exceed-units" => $"Số tem vượt quá số đơn vị của lô (còn cấp được {Data<long>(problem, "available")} tem).",
        "no-stamps-to-print" => "Không còn tem nào để in.",
        "listing-delisted" => "Sản phẩm đã ngừng bán, không thể thay đổi.",
        "stock-exceeds-lot" => $"Tồn kho vượt quá số đơn vị còn lại của lô (còn {Data<long>(problem, "availableUnits")}).",
        "lot-recalled" => "Lô đã bị thu hồi.",
        _ => $"Không thực hiện được: {problem.Detail ?? problem.Title}",
    };

    /// <summary>The field a refusal without field errors is about, so the desk shows it there too.</summary>
    public static string? FieldOf(ProblemException problem) => problem.Code switch
    {
        "packed-exceeds-harvest" => "netWeightGrams",
        "packed-before-harvest" => "packedOn",
        "lot-code-taken" => "lotCode",
        "stamps-exceed-units" => "count",
        "stock-exceeds-lot" => "stock",
        _ => null,
    };

    public static string Stage(Milestone stage) => stage switch
    {
        Milestone.Registered => "Đã đăng ký",
        Milestone.Trained => "Đã tập huấn",
        Milestone.AccountLinked => "Đã liên kết gian hàng",
        Milestone.Listed => "Đã đăng bán",
        Milestone.Selling => "Đã có đơn hàng",
        _ => stage.ToString(),
    };

    public static string BatchStatus(BatchStatus status) => status switch
    {
        Domain.Batches.BatchStatus.Started => "Mới bắt đầu",
        Domain.Batches.BatchStatus.Planted => "Đã trồng",
        Domain.Batches.BatchStatus.Harvesting => "Đang thu hoạch",
        Domain.Batches.BatchStatus.Closed => "Đã kết thúc",
        _ => status.ToString(),
    };

    public static string MarketplaceName(Marketplace marketplace) => marketplace switch
    {
        Marketplace.Shopee => "Shopee",
        Marketplace.Lazada => "Lazada",
        Marketplace.Tiktok => "TikTok Shop",
        Marketplace.Webhook => "Postmart (webhook)",
        _ => marketplace.ToString(),
    };

    /// <summary>A listing's last sync outcome at one marketplace, in plain words.</summary>
    public static string Sync(ListingChannelState channel) => channel.Status switch
    {
        ChannelStatus.Synced => channel.LastSyncedAt is { } at ? $"đã đăng (lúc {Moment(at)})" : "đã đăng",
        ChannelStatus.Delisted => "đã gỡ xuống",
        ChannelStatus.Failed => $"lỗi: {channel.LastError ?? "sàn từ chối"}",
        ChannelStatus.NeedsReauthorization => $"cần liên kết lại tài khoản sàn ({channel.LastError ?? "sàn từ chối mã truy cập"})",
        ChannelStatus.Pending when channel.FailingSince is { } since =>
            $"đang thử lại từ {Moment(since)} (đã thử {channel.Attempts} lần; lần cuối: {channel.LastError})",
        ChannelStatus.Pending => "đang chờ gửi lên sàn",
        _ => channel.Status.ToString(),
    };

    /// <summary>How far a recalled lot's listing got coming off one marketplace.</summary>
    public static string Delisting(ListingChannelState channel) => channel.Status switch
    {
        ChannelStatus.Delisted => channel.LastSyncedAt is { } at ? $"đã gỡ (lúc {Moment(at)})" : "đã gỡ",
        ChannelStatus.Failed => $"chưa gỡ được — lỗi: {channel.LastError ?? "sàn từ chối"}",
        ChannelStatus.NeedsReauthorization => "chưa gỡ được — cần liên kết lại tài khoản sàn",
        _ when channel.FailingSince is { } since => $"đang gỡ, thử lại từ {Moment(since)}",
        _ => "đang gỡ",
    };

    public static string SyncClass(ChannelStatus status) => status switch
    {
        ChannelStatus.Synced => "ok",
        ChannelStatus.Failed or ChannelStatus.NeedsReauthorization => "bad",
        _ => "wait",
    };

    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Ho_Chi_Minh"];

    public static string Date(LocalDate? date) => date is { } d ? LocalDatePattern.CreateWithInvariantCulture("dd/MM/yyyy").Format(d) : "—";

    public static string Moment(Instant at) =>
        LocalDateTimePattern.CreateWithInvariantCulture("HH:mm dd/MM/yyyy").Format(at.InZone(Zone).LocalDateTime);

    public static string Today(Instant now) => LocalDatePattern.Iso.Format(now.InZone(Zone).Date);

    public static string Number(decimal value) => value.ToString("#,##0.###", Vietnamese);

    public static string Vnd(long value) => value.ToString("#,##0", Vietnamese) + " ₫";

    private static string Kg(long grams) => Number(grams / 1000m);

    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    private static T? Data<T>(ProblemException problem, string name) =>
        problem.Extensions?.GetValueOrDefault(name) switch
        {
            T value => value,
            JsonElement json => json.Deserialize<T>(),
            IConvertible convertible => (T)convertible.ToType(typeof(T), CultureInfo.InvariantCulture),
            _ => default,
        };

    private static Regex Exact(string text) => new("^" + Regex.Escape(text) + "$");
}
