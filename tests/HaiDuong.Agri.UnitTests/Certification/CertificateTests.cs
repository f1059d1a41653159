using FluentAssertions;
using HaiDuong.Agri.Domain.Certification;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.UnitTests.Certification;

public sealed class CertificateTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 7, 1, 3, 0);
    private static readonly Guid Area = Guid.Parse("5d8b1f0e-8a51-4c2e-9a4b-6f0c4b1d2e01");

    private static LocalDate Date(string iso) => LocalDatePattern.Iso.Parse(iso).Value;

    private static Inspection PassedInspection(Scheme scheme = Scheme.Vietgap, bool passed = true) => new(
        Guid.Parse("5d8b1f0e-8a51-4c2e-9a4b-6f0c4b1d2e02"),
        Guid.Parse("5d8b1f0e-8a51-4c2e-9a4b-6f0c4b1d2e03"),
        scheme,
        "test-1",
        [Area],
        Date("2026-01-10"),
        [],
        new InspectionOutcome(passed, 100m, 100m, 1, 1, 0, 0, []),
        null,
        Now);

    private static IssueCertificate Issue(string issuedOn, string validUntil, Scheme scheme = Scheme.Vietgap) =>
        new(Guid.Parse("5d8b1f0e-8a51-4c2e-9a4b-6f0c4b1d2e04"), scheme, "VG-2026-001", Date(issuedOn), Date(validUntil));

    private static Certificate Issued(string issuedOn = "2026-01-15", string validUntil = "2027-01-14", params object[] later)
    {
        var decision = CertificateDecisions.Issue(PassedInspection(), Issue(issuedOn, validUntil), Now);
        return later.Aggregate(Certificate.From(decision.Events.OfType<CertificateIssued>().Single()), (c, e) => c.Then(e));
    }

    [Fact]
    public void A_vietgap_certificate_may_run_exactly_two_years_and_not_a_day_more()
    {
        CertificateDecisions.Issue(PassedInspection(), Issue("2026-01-15", "2028-01-15"), Now).IsAccepted.Should().BeTrue();
        var refused = CertificateDecisions.Issue(PassedInspection(), Issue("2026-01-15", "2028-01-16"), Now);
        refused.Error!.Code.Should().Be("validity-exceeds-maximum");
        refused.Error.Data["latestValidUntil"].Should().Be("2028-01-15");
    }

    [Fact]
    public void A_globalgap_certificate_may_run_exactly_one_year_and_not_a_day_more()
    {
        var inspection = PassedInspection(Scheme.Globalgap);
        CertificateDecisions.Issue(inspection, Issue("2026-02-01", "2027-02-01", Scheme.Globalgap), Now).IsAccepted.Should().BeTrue();
        CertificateDecisions.Issue(inspection, Issue("2026-02-01", "2027-02-02", Scheme.Globalgap), Now).Error!.Code
            .Should().Be("validity-exceeds-maximum");
    }

    [Fact]
    public void Only_a_passed_uncertified_inspection_of_the_same_scheme_gives_a_certificate_dated_after_it()
    {
        CertificateDecisions.Issue(PassedInspection(passed: false), Issue("2026-01-15", "2027-01-14"), Now).Error!.Code
            .Should().Be("inspection-not-passed");
        CertificateDecisions.Issue(PassedInspection() with { CertificateId = Guid.NewGuid() }, Issue("2026-01-15", "2027-01-14"), Now).Error!.Code
            .Should().Be("inspection-already-certified");
        CertificateDecisions.Issue(PassedInspection(), Issue("2026-01-15", "2027-01-14", Scheme.Globalgap), Now).Error!.Code
            .Should().Be("scheme-mismatch");
        CertificateDecisions.Issue(PassedInspection(), Issue("2026-01-09", "2027-01-08"), Now).Error!.Code
            .Should().Be("issued-before-inspection");

        var accepted = CertificateDecisions.Issue(PassedInspection(), Issue("2026-01-10", "2027-01-09"), Now);
        accepted.Events.Should().HaveCount(2);
        accepted.Events.OfType<CertificateIssued>().Single().GrowingAreaIds.Should().Equal(Area);
        accepted.Events.OfType<InspectionCertified>().Single().CertificateId.Should().Be(Issue("2026-01-10", "2027-01-09").CertificateId);
    }

    [Fact]
    public void A_certificate_is_valid_from_its_issue_date_to_its_last_day_inclusive()
    {
        var certificate = Issued("2026-01-15", "2027-01-14");
        certificate.IsValidOn(Date("2026-01-14")).Should().BeFalse();
        certificate.IsValidOn(Date("2026-01-15")).Should().BeTrue();
        certificate.IsValidOn(Date("2027-01-14")).Should().BeTrue();
        certificate.IsValidOn(Date("2027-01-15")).Should().BeFalse();
        certificate.StatusOn(Date("2027-01-15")).Should().Be(CertificateStatus.Expired);
        certificate.StatusOn(Date("2026-01-14")).Should().Be(CertificateStatus.NotYetValid);
    }

    [Fact]
    public void A_suspension_stops_claims_for_harvests_inside_it_but_not_for_earlier_ones()
    {
        var suspended = Issued(later: [new CertificateSuspended(Date("2026-06-10"), "Dư lượng vượt MRL", Now)]);
        CertificateDecisions.Claims([suspended], [Date("2026-06-09")]).Should().ContainSingle()
            .Which.Should().Be(new CertificationClaim(suspended.Id, Scheme.Vietgap, "VG-2026-001", Date("2027-01-14")));
        CertificateDecisions.Claims([suspended], [Date("2026-06-10")]).Should().BeEmpty();
        CertificateDecisions.Claims([suspended], [Date("2026-06-01"), Date("2026-06-12")]).Should().BeEmpty(
            "a claim must hold on every harvest of the batch");
        suspended.StatusOn(Date("2026-07-01")).Should().Be(CertificateStatus.Suspended);
    }

    [Fact]
    public void A_reinstatement_restores_claims_from_its_date_on()
    {
        var reinstated = Issued(later: [
            new CertificateSuspended(Date("2026-06-10"), "Dư lượng vượt MRL", Now),
            new CertificateReinstated(Date("2026-06-20"), Now),
        ]);
        CertificateDecisions.Claims([reinstated], [Date("2026-06-19")]).Should().BeEmpty();
        CertificateDecisions.Claims([reinstated], [Date("2026-06-20")]).Should().ContainSingle();
        reinstated.Suspensions.Should().ContainSingle().Which.Until.Should().Be(Date("2026-06-20"));
    }

    [Fact]
    public void No_harvest_no_claim_and_an_expired_certificate_claims_nothing()
    {
        CertificateDecisions.Claims([Issued()], []).Should().BeEmpty();
        CertificateDecisions.Claims([Issued("2026-01-15", "2026-06-30")], [Date("2026-07-01")]).Should().BeEmpty();
        CertificateDecisions.Claims([Issued("2026-01-15", "2026-06-30")], [Date("2026-06-30")]).Should().ContainSingle();
    }

    [Fact]
    public void Suspension_and_reinstatement_follow_their_rules()
    {
        var certificate = Issued("2026-01-15", "2027-01-14");
        CertificateDecisions.Suspend(certificate, new SuspendCertificate(Date("2026-01-14"), "x"), Now).Error!.Code
            .Should().Be("suspension-outside-validity");
        CertificateDecisions.Suspend(certificate, new SuspendCertificate(Date("2027-01-15"), "x"), Now).Error!.Code
            .Should().Be("suspension-outside-validity");
        CertificateDecisions.Reinstate(certificate, new ReinstateCertificate(Date("2026-06-01")), Now).Error!.Code
            .Should().Be("certificate-not-suspended");

        var suspension = CertificateDecisions.Suspend(certificate, new SuspendCertificate(Date("2026-06-10"), "MRL"), Now);
        suspension.Events.Should().Equal(new CertificateSuspended(Date("2026-06-10"), "MRL", Now));
        var suspended = certificate.Then(suspension.Events[0]);
        CertificateDecisions.Suspend(suspended, new SuspendCertificate(Date("2026-06-11"), "again"), Now).Error!.Code
            .Should().Be("certificate-suspended");
        CertificateDecisions.Reinstate(suspended, new ReinstateCertificate(Date("2026-06-09")), Now).Error!.Code
            .Should().Be("reinstatement-before-suspension");
        CertificateDecisions.Reinstate(suspended, new ReinstateCertificate(Date("2026-06-10")), Now).IsAccepted.Should().BeTrue();
    }
}
