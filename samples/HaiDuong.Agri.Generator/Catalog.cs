namespace HaiDuong.Agri.Generator;

/// <summary>A commune of province 31 (an official code of July 2025), the district most of it belonged to before then, and what it grows.</summary>
public sealed record Commune(string Code, string FormerDistrict, double Weight, (string Crop, double Weight)[] Crops);

public sealed record Fertilizer(string Product, decimal DosePer1000M2, string Unit);

/// <summary>A plant protection product and its pre-harvest interval (thời gian cách ly) in days.</summary>
public sealed record Pesticide(string Product, string ActiveIngredient, decimal Dose, string Unit, int PhiDays);

/// <summary>When a crop is planted in a year (from month/day, over a span) and how long until its first harvest.</summary>
public sealed record CropSeason(string Name, int Month, int Day, int PlantSpanDays, int GrowDaysMin, int GrowDaysMax);

/// <summary>What a household packs and lists: GTIN-13 (prefix 893, valid check digit), name, pack and price range.</summary>
public sealed record Product(string Gtin13, string Name, string Packaging, int NetWeightGrams, long PriceMin, long PriceMax);

public sealed record Crop(
    string Name,
    string[] Varieties,
    bool Perennial,
    CropSeason[] Seasons,
    int HarvestsMin,
    int HarvestsMax,
    double YieldMin,
    double YieldMax,
    string SeedSource,
    string SeedUnit,
    decimal SeedPer1000M2,
    Fertilizer[] Fertilizers,
    Pesticide[] Pesticides,
    Product Product);

/// <summary>The province's farming as data: communes with weights, the crops each grows, and Vietnamese names.</summary>
public static class Catalog
{
    private static readonly Fertilizer Npk16 = new("Phân NPK 16-16-8+TE", 35, "kg");
    private static readonly Fertilizer Npk15 = new("Phân NPK 15-15-15", 40, "kg");
    private static readonly Fertilizer Organic = new("Phân hữu cơ vi sinh", 80, "kg");
    private static readonly Fertilizer Manure = new("Phân chuồng ủ hoai", 1500, "kg");
    private static readonly Fertilizer Urea = new("Đạm urê", 12, "kg");
    private static readonly Fertilizer Phosphate = new("Phân lân Lâm Thao", 40, "kg");
    private static readonly Fertilizer Potash = new("Phân kali clorua", 10, "kg");

    private static readonly Pesticide Emamectin = new("Emamectin 5WG", "Emamectin benzoate", 15, "g/bình 16 lít", 7);
    private static readonly Pesticide Ridomil = new("Ridomil Gold 68WG", "Metalaxyl-M + Mancozeb", 50, "g/bình 16 lít", 7);
    private static readonly Pesticide Actara = new("Actara 25WG", "Thiamethoxam", 2, "g/bình 16 lít", 7);
    private static readonly Pesticide Score = new("Score 250EC", "Difenoconazole", 10, "ml/bình 16 lít", 7);
    private static readonly Pesticide Sherpa = new("Sherpa 25EC", "Cypermethrin", 20, "ml/bình 16 lít", 7);
    private static readonly Pesticide Amistar = new("Amistar Top 325SC", "Azoxystrobin + Difenoconazole", 10, "ml/bình 16 lít", 7);
    private static readonly Pesticide Tilt = new("Tilt Super 300EC", "Propiconazole + Difenoconazole", 10, "ml/bình 16 lít", 14);
    private static readonly Pesticide Chess = new("Chess 50WG", "Pymetrozine", 8, "g/bình 16 lít", 7);
    private static readonly Pesticide Kasumin = new("Kasumin 2SL", "Kasugamycin", 30, "ml/bình 16 lít", 7);
    private static readonly Pesticide Radiant = new("Radiant 60SC", "Spinetoram", 10, "ml/bình 16 lít", 3);
    private static readonly Pesticide Bt = new("Xentari 35WDG", "Bacillus thuringiensis", 15, "g/bình 16 lít", 1);

    public static readonly Crop[] Crops =
    [
        new("vải thiều", ["Thanh Hà", "Vải thiều chín sớm"], true, [new("Vụ vải", 1, 5, 25, 135, 150)], 1, 3, 0.9, 1.4,
            "Vườn vải của gia đình", "cây", 33, [Npk16, Organic, Potash], [Emamectin, Ridomil, Sherpa, Amistar],
            new("8931234567897", "Vải thiều Thanh Hà loại 1", "Hộp 2 kg", 2000, 90_000, 130_000)),
        new("lúa", ["Bắc thơm số 7", "Đài thơm 8", "Hương thơm số 1", "J02"], false,
            [new("Vụ chiêm xuân", 2, 1, 25, 110, 120), new("Vụ mùa", 7, 1, 20, 100, 110)], 1, 1, 0.6, 0.72,
            "Giống xác nhận của HTX", "kg thóc giống", 5, [Urea, Phosphate, Potash, Npk16], [Tilt, Chess, Kasumin],
            new("8931234567941", "Gạo Bắc thơm Hải Dương", "Túi 5 kg", 5000, 90_000, 130_000)),
        new("cà rốt", ["Kuroda", "Newkuroda"], false, [new("Vụ đông xuân", 1, 2, 35, 72, 85)], 1, 3, 3.0, 4.0,
            "Hạt giống cà rốt Kuroda", "kg hạt", 0.5m, [Manure, Npk15, Potash], [Actara, Score, Bt],
            new("8931234567903", "Cà rốt Đức Chính", "Túi 1 kg", 1000, 15_000, 22_000)),
        new("tỏi", ["Tỏi ta Kinh Môn"], false, [new("Vụ đông xuân", 1, 2, 14, 70, 82)], 1, 1, 0.7, 1.0,
            "Tỏi giống để lại từ vụ trước", "kg nhánh", 70, [Manure, Phosphate, Potash], [Score, Ridomil],
            new("8931234567934", "Tỏi Kinh Môn", "Túi lưới 500 g", 500, 40_000, 55_000)),
        new("hành tím", ["Hành tím Kinh Môn"], false, [new("Vụ đông xuân", 1, 2, 24, 62, 72)], 1, 1, 1.2, 1.6,
            "Củ hành giống của HTX", "kg củ", 80, [Manure, Npk16], [Ridomil, Score, Radiant],
            new("8931234567927", "Hành tím Kinh Môn", "Túi lưới 500 g", 500, 30_000, 40_000)),
        new("bắp cải", ["KK Cross", "Bắp cải tím"], false,
            [new("Vụ xuân", 1, 5, 35, 75, 90), new("Vụ đông", 9, 5, 20, 80, 90)], 1, 2, 4.0, 5.0,
            "Cây giống từ vườn ươm xã", "cây", 2800, [Manure, Npk15, Urea], [Radiant, Bt, Sherpa],
            new("8931234567958", "Bắp cải Gia Lộc", "Bắp khoảng 1,5 kg", 1500, 15_000, 25_000)),
        new("na", ["Na dai", "Na bở"], true, [new("Vụ na", 2, 1, 20, 185, 205)], 2, 4, 0.8, 1.2,
            "Vườn na của gia đình", "cây", 40, [Organic, Npk16, Potash], [Sherpa, Emamectin],
            new("8931234567965", "Na dai Chí Linh", "Hộp 1 kg", 1000, 50_000, 80_000)),
        new("ổi", ["Ổi găng", "Ổi lê"], true, [new("Vụ ổi", 1, 10, 30, 150, 170)], 2, 4, 1.5, 2.5,
            "Vườn ổi của gia đình", "cây", 60, [Organic, Npk16], [Radiant, Bt, Amistar],
            new("8931234567972", "Ổi Thanh Hà", "Hộp 1 kg", 1000, 25_000, 40_000)),
    ];

    public static readonly Commune[] Communes = Build();

    private static Commune[] Build()
    {
        (string District, double Weight, string[] Codes, (string, double)[] Crops)[] districts =
        [
            ("Thanh Hà", 1.6, ["10813", "10846", "10816", "10843", "10882"], [("vải thiều", 6), ("ổi", 2), ("lúa", 2)]),
            ("Chí Linh", 1.2, ["10549", "10546", "10570", "10552", "10573", "10603"], [("vải thiều", 3), ("na", 3), ("lúa", 2)]),
            ("Kinh Môn", 1.1, ["10675", "10744", "10729", "10678", "10726", "10714", "10705"], [("hành tím", 3), ("tỏi", 3), ("lúa", 2)]),
            ("Nam Sách", 1.0, ["10606", "10642", "10633", "10615", "10645"], [("lúa", 4), ("bắp cải", 2), ("cà rốt", 1)]),
            ("Kim Thành", 0.9, ["10750", "10756", "10792", "10804"], [("lúa", 4), ("vải thiều", 2), ("ổi", 1)]),
            ("Cẩm Giàng", 1.1, ["10930", "10903", "10888", "10909"], [("cà rốt", 5), ("bắp cải", 2), ("lúa", 2)]),
            ("Bình Giang", 0.9, ["10945", "10966", "10972", "10993"], [("lúa", 5), ("bắp cải", 1), ("hành tím", 1)]),
            ("Gia Lộc", 1.0, ["10999", "11020", "11050", "11065"], [("lúa", 4), ("bắp cải", 3), ("cà rốt", 1)]),
            ("Tứ Kỳ", 1.0, ["11074", "11113", "11086", "11131", "11140", "11146"], [("lúa", 5), ("vải thiều", 1), ("bắp cải", 1)]),
            ("Thanh Miện", 0.9, ["11239", "11254", "11257", "11242", "11284"], [("lúa", 5), ("bắp cải", 1), ("hành tím", 1)]),
            ("Ninh Giang", 0.9, ["11203", "11164", "11224", "11167", "11218"], [("lúa", 5), ("bắp cải", 1), ("tỏi", 1)]),
            ("Hải Dương", 0.4, ["10525", "10532", "10543", "10507", "10837", "10537", "11002", "10891", "10660"], [("bắp cải", 2), ("lúa", 1)]),
        ];
        return [.. districts.SelectMany(d => d.Codes.Select(code => new Commune(code, d.District, d.Weight, d.Crops)))];
    }

    public static Crop CropNamed(string name) => Crops.First(c => c.Name == name);

    public static readonly (string Name, double Weight)[] Surnames =
    [
        ("Nguyễn", 32), ("Trần", 11), ("Lê", 9), ("Phạm", 8), ("Vũ", 6), ("Hoàng", 5), ("Đỗ", 5), ("Bùi", 4), ("Đặng", 3),
        ("Ngô", 3), ("Dương", 2), ("Phan", 2), ("Đinh", 2), ("Mạc", 1), ("Tăng", 1), ("Lương", 1), ("Trịnh", 1), ("Hà", 1),
    ];

    public static readonly string[] MiddleNamesMale = ["Văn", "Văn", "Văn", "Đức", "Hữu", "Quang", "Minh", "Xuân", "Ngọc"];

    public static readonly string[] GivenNamesMale =
        ["Thành", "Bình", "Hùng", "Lực", "Tú", "Dũng", "Hải", "Nam", "Toàn", "Quý", "Tuấn", "Thắng", "Long", "Sơn", "Khánh", "Phúc", "Cường", "Hiếu", "Trung", "Vinh"];

    public static readonly string[] GivenNamesFemale =
        ["Hoa", "Mai", "Lan", "Hương", "Thảo", "Nga", "Hằng", "Yến", "Liên", "Dung", "Huệ", "Nhung", "Tuyết", "Oanh", "Loan", "Vân", "Thủy", "Hạnh"];

    public static readonly string[] Villages =
        ["Thôn Đông", "Thôn Tây", "Thôn Nam", "Thôn Bắc", "Thôn Thượng", "Thôn Hạ", "Thôn Trung", "Thôn An Lạc", "Thôn Phú Lương",
         "Thôn Đồng Tâm", "Thôn Tân Hưng", "Thôn Hòa Bình", "Thôn Cao Xá", "Thôn Lương Xá", "Thôn Vĩnh Lại"];

    public static readonly string[] Courses =
        ["Bán nông sản trên sàn thương mại điện tử", "Truy xuất nguồn gốc và tem QR", "Ghi nhật ký sản xuất trên điện thoại",
         "Chụp ảnh và viết mô tả sản phẩm", "Livestream bán hàng nông sản", "Thanh toán không dùng tiền mặt"];

    public static readonly string[] IrrigationNotes = ["Tưới rãnh", "Tưới phun buổi sáng", "Tưới ẩm sau bón phân", "Bơm nước vào ruộng"];

    public static readonly string[] ObservationNotes =
        ["Cây phát triển tốt, không thấy sâu bệnh", "Thấy rải rác sâu, theo dõi thêm", "Lá xanh đều", "Sắp đến ngày thu hoạch"];
}
