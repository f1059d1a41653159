using FluentAssertions;
using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.Compliance;
using NodaTime;

namespace HaiDuong.Agri.UnitTests.Compliance;

public sealed class MarketRuleTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 7, 1, 3, 0);

    private static InputApplied Spray(LocalDate on, string? activeIngredient = "Emamectin benzoate", int? phi = 7, string? @operator = "An") =>
        new(Guid.NewGuid(), InputKind.Pesticide, "Thuốc", activeIngredient, 15m, "g", on, phi, @operator, "Phòng sâu", Now, Now, null);

    [Fact]
    public void Every_market_ships_its_rules_and_each_names_known_fields_only()
    {
        foreach (var market in Enum.GetValues<Market>())
        {
            var rules = MarketRuleBook.For(market);
            rules.Market.Should().Be(market);
            rules.RequiredSprayFields.Should().BeSubsetOf(MarketRules.SprayFields).And.Contain("productName");
            rules.Source.Should().NotBeNullOrWhiteSpace();
        }

        MarketRuleBook.For(Market.China).MinimumDaysFromLastSprayToHarvest.Should().BeInRange(35, 40, "growers are told to stop spraying 35–40 days before harvest");
    }

    [Theory]
    [InlineData(35, 7, 0)]
    [InlineData(34, 7, 1)]
    [InlineData(40, 40, 0)]
    [InlineData(39, 40, 1)]
    public void The_interval_is_the_markets_minimum_or_the_products_own_whichever_is_longer(int daysBeforeHarvest, int phi, int offences)
    {
        var harvest = new LocalDate(2026, 6, 3);
        MarketRuleBook.Offences(MarketRuleBook.For(Market.China), [Spray(harvest.PlusDays(-daysBeforeHarvest), phi: phi)], [harvest], harvest)
            .Should().HaveCount(offences);
    }

    [Fact]
    public void A_spray_after_the_lots_harvests_or_a_harvest_after_packing_does_not_count()
    {
        var harvest = new LocalDate(2026, 6, 3);
        var rules = MarketRuleBook.For(Market.China);
        MarketRuleBook.Offences(rules, [Spray(harvest.PlusDays(1))], [harvest], harvest.PlusDays(2)).Should().BeEmpty();
        MarketRuleBook.Offences(rules, [Spray(harvest.PlusDays(-5))], [harvest], harvest.PlusDays(-1)).Should().BeEmpty();
    }

    [Fact]
    public void Each_ingredient_of_a_mixture_is_checked_and_a_standing_override_turns_the_refusal_into_a_record()
    {
        var harvest = new LocalDate(2026, 6, 3);
        var offences = MarketRuleBook.Offences(MarketRuleBook.For(Market.Eu), [Spray(harvest.PlusDays(-60), "Metalaxyl-M + Mancozeb", @operator: null)], [harvest], harvest);
        offences.Select(o => o.Rule).Should().Equal(MarketRuleBook.BannedIngredientRule, MarketRuleBook.MissingField);
        offences[1].Message.Should().Contain("operator");

        MarketRuleDecisions.Check(Market.Eu, offences, null, Now).Error!.Code.Should().Be(MarketRuleDecisions.MarketRulesBrokenCode);
        var standing = new MarketRuleOverride(Guid.NewGuid(), Guid.NewGuid(), Market.Eu, "Phiếu kiểm nghiệm đạt", new RecordedBy("auditor", "k"), Now);
        MarketRuleDecisions.Check(Market.Eu, offences, standing, Now).Events.Single().Should().BeOfType<LotPackedUnderOverride>()
            .Which.Offences.Should().HaveCount(2);
        MarketRuleDecisions.Check(Market.Eu, [], null, Now).Events.Should().BeEmpty();
    }
}
