using FluentAssertions;
using HaiDuong.Agri.Domain.Regions;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.UnitTests.Regions;

public sealed class ProvinceRegisterTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 7, 1, 3, 0);

    private static LocalDate Date(string iso) => LocalDatePattern.Iso.Parse(iso).Value;

    private static readonly CommuneEntry[] HaiPhongSample =
    [
        new("10813", "Xã Thanh Hà", CommuneKind.Commune),
        new("10507", "Phường Thành Đông", CommuneKind.Ward),
        new("11914", "Đặc khu Cát Hải", CommuneKind.SpecialZone),
    ];

    private static ProvinceRegister Loaded(params object[] later)
    {
        var loaded = ProvinceRegister.Load(null, new LoadProvinceRegister("31", "Thành phố Hải Phòng", "test list", HaiPhongSample), Now);
        loaded.IsAccepted.Should().BeTrue();
        return later.Aggregate(ProvinceRegister.From(loaded.Events.OfType<ProvinceRegisterLoaded>().Single()), (r, e) => r.Then(e));
    }

    [Fact]
    public void A_loaded_register_holds_its_communes_in_order_with_their_kinds_under_a_stream_id_of_the_province_code()
    {
        var register = Loaded();
        register.Id.Should().Be(ProvinceRegister.StreamId("31")).And.NotBe(ProvinceRegister.StreamId("33"));
        register.Communes.Select(c => (c.Code, c.Name, c.Kind)).Should().Equal(
            ("10813", "Xã Thanh Hà", CommuneKind.Commune), ("10507", "Phường Thành Đông", CommuneKind.Ward), ("11914", "Đặc khu Cát Hải", CommuneKind.SpecialZone));
        register.Communes.Should().OnlyContain(c => c.RetiredOn == null);
    }

    [Fact]
    public void A_province_gets_one_register_and_a_code_listed_twice_is_refused()
    {
        ProvinceRegister.Load(Loaded(), new LoadProvinceRegister("31", "Hải Phòng", "again", HaiPhongSample), Now).Error!.Code
            .Should().Be("register-exists");
        var twice = ProvinceRegister.Load(
            null, new LoadProvinceRegister("31", "Hải Phòng", "x", [.. HaiPhongSample, new CommuneEntry("10813", "Xã Thanh Hà 2", CommuneKind.Commune)]), Now);
        twice.Error!.Code.Should().Be("duplicate-commune-code");
        twice.Error.Data["communeCode"].Should().Be("10813");
    }

    [Fact]
    public void Only_active_communes_of_the_register_take_new_registrations()
    {
        var register = Loaded(new CommuneRetired(ProvinceRegister.StreamId("31"), "31", "10507", Date("2026-08-01"), "sáp nhập", Now));
        register.Standing("10813", Date("2026-07-01")).Should().Be(CommuneStanding.Active);
        register.Standing("11059", Date("2026-07-01")).Should().Be(CommuneStanding.Unknown, "11059 is not an official 2025 code of Hải Phòng");
        register.Standing("10507", Date("2026-07-31")).Should().Be(CommuneStanding.Active, "the retirement starts on 1 August");
        register.Standing("10507", Date("2026-08-01")).Should().Be(CommuneStanding.Retired);
    }

    [Fact]
    public void An_added_commune_needs_a_new_code_even_one_a_retired_unit_held()
    {
        var register = Loaded();
        var added = register.Add(new AddCommune("99001", "Xã Thử Nghiệm", CommuneKind.Commune), Now);
        added.Events.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new CommuneAdded(register.Id, "31", "99001", "Xã Thử Nghiệm", CommuneKind.Commune, Now));
        register.Then(added.Events[0]).Find("99001")!.Name.Should().Be("Xã Thử Nghiệm");

        register.Add(new AddCommune("10813", "Xã Thanh Hà Mới", CommuneKind.Commune), Now).Error!.Code.Should().Be("commune-code-taken");
        var retired = register.Then(register.Retire(new RetireCommune("10507", Date("2026-07-01"), null), Now).Events[0]);
        var taken = retired.Add(new AddCommune("10507", "Phường Khác", CommuneKind.Ward), Now).Error!;
        taken.Code.Should().Be("commune-code-taken");
        taken.Detail.Should().Contain("Phường Thành Đông").And.Contain("retired on 2026-07-01");
    }

    [Fact]
    public void A_rename_keeps_the_previous_name_in_its_event_and_the_same_name_again_changes_nothing()
    {
        var register = Loaded();
        var renamed = register.Rename(new RenameCommune("10813", "Xã Thanh Hà (vải thiều)"), Now);
        renamed.Events.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new CommuneRenamed(register.Id, "31", "10813", "Xã Thanh Hà (vải thiều)", "Xã Thanh Hà", Now));
        var after = register.Then(renamed.Events[0]);
        after.Find("10813")!.Name.Should().Be("Xã Thanh Hà (vải thiều)");
        after.Find("10813")!.Kind.Should().Be(CommuneKind.Commune);
        after.ChangedAt.Should().Be(Now);

        var same = after.Rename(new RenameCommune("10813", "Xã Thanh Hà (vải thiều)"), Now);
        same.IsAccepted.Should().BeTrue();
        same.Events.Should().BeEmpty();
        register.Rename(new RenameCommune("11059", "Xã Không Có"), Now).Error!.Code.Should().Be("commune-not-in-register");
    }

    [Fact]
    public void A_retired_commune_keeps_its_name_and_cannot_be_retired_twice()
    {
        var register = Loaded();
        var retired = register.Then(register.Retire(new RetireCommune("10507", Date("2026-07-15"), "nhập vào phường khác"), Now).Events.Single());
        retired.Find("10507").Should().BeEquivalentTo(
            new RegisteredCommune("10507", "Phường Thành Đông", CommuneKind.Ward) { RetiredOn = Date("2026-07-15"), RetirementReason = "nhập vào phường khác" });
        var again = retired.Retire(new RetireCommune("10507", Date("2026-08-01"), null), Now).Error!;
        again.Code.Should().Be("commune-already-retired");
        again.Data["retiredOn"].Should().Be("2026-07-15");
        register.Retire(new RetireCommune("11059", Date("2026-07-15"), null), Now).Error!.Code.Should().Be("commune-not-in-register");

        // A misspelt name of a retired unit can still be corrected: earlier records show it.
        retired.Rename(new RenameCommune("10507", "Phường Thành Đông (cũ)"), Now).Events.Should().ContainSingle();
    }
}
