using FluentAssertions;
using HaiDuong.Agri.Domain.Compliance;
using NodaTime;

namespace HaiDuong.Agri.UnitTests.Compliance;

public sealed class CodeDecisionTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 7, 1, 3, 0);
    private static readonly RecordedBy Inspector = new("auditor", "key-1");

    private static ComplianceCode Code(string code = "VN-HDOR-0012", CodeKind kind = CodeKind.GrowingArea, params object[] events) =>
        events.Aggregate(
            ComplianceCode.From(CodeDecisions.Register(new RegisterCode(Guid.NewGuid(), code, kind, Guid.NewGuid(), null, null, "Cục BVTV", Inspector), Now)),
            (state, e) => state.Then(e));

    private static ChangeMarketStatus On(int month, int day, Market market = Market.China, string? reason = "lý do") =>
        new(market, new LocalDate(2026, month, day), reason, Inspector);

    [Theory]
    [InlineData("VN-HDOR-0012", CodeKind.GrowingArea, 0)]
    [InlineData("VN-HDPH-0003", CodeKind.PackingHouse, 0)]
    [InlineData(" VN-HDOR-0012 ", CodeKind.GrowingArea, 0)]
    [InlineData("VN-HDOR-12", CodeKind.GrowingArea, 1)]
    [InlineData("VN-HDPH-0003", CodeKind.GrowingArea, 1)]
    [InlineData("HD/2024/VT", CodeKind.PackingHouse, 1)]
    public void The_format_check_warns_but_never_refuses(string code, CodeKind kind, int warnings) =>
        CodeDecisions.FormatWarnings(code, kind).Should().HaveCount(warnings);

    [Fact]
    public void Markets_are_read_by_name_or_iso_code()
    {
        Markets.Parse("united-states").Should().Be(Market.UnitedStates);
        Markets.Parse("cn").Should().Be(Market.China);
        Markets.Parse("VN").Should().Be(Market.Domestic);
        Markets.Parse("mars").Should().BeNull();
        Markets.Names.Should().Equal("china", "united-states", "japan", "australia", "eu", "domestic");
    }

    [Fact]
    public void A_code_is_approved_then_suspended_then_reinstated_and_its_status_follows_the_dates()
    {
        var approved = CodeDecisions.Approve(Code(), On(5, 1), Now).Events.Single();
        var suspended = CodeDecisions.Suspend(Code(events: approved), On(6, 10), Now).Events.Single();
        var reinstated = CodeDecisions.Reinstate(Code(events: [approved, suspended]), On(6, 20), Now).Events.Single();
        var code = Code(events: [approved, suspended, reinstated]);

        code.StatusOn(Market.China, new LocalDate(2026, 4, 30)).Should().Be(MarketStatus.NotApproved);
        code.StatusOn(Market.China, new LocalDate(2026, 5, 1)).Should().Be(MarketStatus.Approved);
        code.StatusOn(Market.China, new LocalDate(2026, 6, 10)).Should().Be(MarketStatus.Suspended);
        code.StatusOn(Market.China, new LocalDate(2026, 6, 19)).Should().Be(MarketStatus.Suspended);
        code.StatusOn(Market.China, new LocalDate(2026, 6, 20)).Should().Be(MarketStatus.Approved);
        code.StatusOn(Market.Japan, new LocalDate(2026, 6, 20)).Should().Be(MarketStatus.NotApproved);
    }

    [Fact]
    public void Changes_out_of_turn_are_refused()
    {
        var approved = CodeDecisions.Approve(Code(), On(5, 1), Now).Events.Single();
        CodeDecisions.Suspend(Code(), On(6, 1), Now).Error!.Code.Should().Be(CodeErrors.NotApprovedCode);
        CodeDecisions.Reinstate(Code(events: approved), On(6, 1), Now).Error!.Code.Should().Be(CodeErrors.NotSuspendedCode);
        CodeDecisions.Approve(Code(events: approved), On(6, 1), Now).Error!.Code.Should().Be(CodeErrors.AlreadyApprovedCode);
        CodeDecisions.Suspend(Code(events: approved), On(4, 1), Now).Error!.Code.Should().Be(CodeErrors.ChangeBeforeLatestCode);
        CodeDecisions.Approve(Code(events: approved), On(6, 1, Market.Japan), Now).IsAccepted.Should().BeTrue();
    }

    [Fact]
    public void Packing_for_an_export_market_needs_an_approved_code_of_each_kind_and_the_domestic_market_none()
    {
        var area = Code(events: CodeDecisions.Approve(Code(), On(5, 1), Now).Events.Single());
        var house = Code("VN-HDPH-0003", CodeKind.PackingHouse);
        var day = new LocalDate(2026, 6, 4);

        var refused = LotCodes.Decide(Market.China, day, [area], [house], Now);
        refused.Error!.Code.Should().Be(CodeErrors.ExportCodeMissingCode);
        refused.Error.Detail.Should().Contain("packing house code VN-HDPH-0003 is not approved for china").And.NotContain("VN-HDOR-0012");

        var domestic = LotCodes.Decide(Market.Domestic, day, [area], [house], Now).Events.Single().Should().BeOfType<LotCodesRecorded>().Subject;
        domestic.GrowingAreaCodes.Should().Equal("VN-HDOR-0012");
        domestic.PackingHouseCodes.Should().Equal("VN-HDPH-0003");

        LotCodes.Decide(null, day, [], [], Now).Events.Should().BeEmpty();
        LotCodes.Decide(Market.Eu, day, [], [], Now).Error!.Detail.Should().Contain("has no registered code");
    }
}
