using System.Text;
using System.Text.Json;
using FluentAssertions;
using HaiDuong.Agri.Domain.Regions;
using NodaTime;

namespace HaiDuong.Agri.UnitTests.Regions;

/// <summary>The register the app ships for Hải Phòng (src/HaiDuong.Agri.Api/Regions/hai-phong-2025.json), checked as data.</summary>
public sealed class ShippedRegisterTests
{
    private sealed record Entry(string Code, string Name, string Kind);

    private sealed record File(string ProvinceCode, string Name, string Source, Dictionary<string, string> About, List<Entry> Communes);

    private static readonly File HaiPhong = JsonSerializer.Deserialize<File>(
        System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Regions", "hai-phong-2025.json")),
        new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    [Fact]
    public void Hai_phong_has_the_114_units_of_resolution_1669_45_wards_67_communes_2_special_zones_each_code_once()
    {
        HaiPhong.ProvinceCode.Should().Be("31");
        HaiPhong.Name.Should().Be("Thành phố Hải Phòng");
        HaiPhong.Communes.Should().HaveCount(114);
        HaiPhong.Communes.Select(c => c.Code).Should().OnlyHaveUniqueItems().And.OnlyContain(c => c.Length == 5 && c.All(char.IsAsciiDigit));
        HaiPhong.Communes.Count(c => c.Kind == "ward").Should().Be(45);
        HaiPhong.Communes.Count(c => c.Kind == "commune").Should().Be(67);
        HaiPhong.Communes.Count(c => c.Kind == "special-zone").Should().Be(2);
    }

    [Fact]
    public void Every_name_is_NFC_and_starts_with_its_kind()
    {
        foreach (var commune in HaiPhong.Communes)
        {
            commune.Name.IsNormalized(NormalizationForm.FormC).Should().BeTrue(commune.Code);
            var prefix = commune.Kind switch { "ward" => "Phường ", "commune" => "Xã ", "special-zone" => "Đặc khu ", _ => "?" };
            commune.Name.Should().StartWith(prefix, commune.Code);
        }
    }

    [Theory]
    [InlineData("10813", "Xã Thanh Hà")]
    [InlineData("10507", "Phường Thành Đông")]
    [InlineData("10525", "Phường Hải Dương")]
    [InlineData("10909", "Xã Tuệ Tĩnh")]
    [InlineData("10891", "Phường Tứ Minh")]
    [InlineData("11329", "Phường Ngô Quyền")]
    [InlineData("11914", "Đặc khu Cát Hải")]
    [InlineData("11948", "Đặc khu Bạch Long Vĩ")]
    public void Codes_are_the_annex_codes_not_the_drafts(string code, string name) =>
        HaiPhong.Communes.Single(c => c.Code == code).Name.Should().Be(name);

    [Fact]
    public void The_file_names_its_sources_and_says_what_is_missing()
    {
        HaiPhong.Source.Should().Contain("1027/CTK-CSCL").And.Contain("19/2025/QĐ-TTg").And.Contain("1669/NQ-UBTVQH15");
        HaiPhong.About.Should().ContainKeys("provinceCode", "communes", "crossCheck", "units", "missing");
        HaiPhong.About.Values.Should().Contain(v => v.Contains("https://", StringComparison.Ordinal));
    }

    [Fact]
    public void The_register_rules_accept_the_file_as_a_first_load()
    {
        var load = new LoadProvinceRegister(
            HaiPhong.ProvinceCode, HaiPhong.Name, HaiPhong.Source,
            [.. HaiPhong.Communes.Select(c => new CommuneEntry(c.Code, c.Name, c.Kind switch
            {
                "ward" => CommuneKind.Ward,
                "special-zone" => CommuneKind.SpecialZone,
                _ => CommuneKind.Commune,
            }))]);
        var decision = ProvinceRegister.Load(null, load, Instant.FromUtc(2026, 7, 1, 0, 0));
        decision.IsAccepted.Should().BeTrue();
        ProvinceRegister.From((ProvinceRegisterLoaded)decision.Events.Single()).Communes.Should().HaveCount(114);
    }
}
