using System.Text.Json.Nodes;
using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.Common;
using NodaTime;

namespace HaiDuong.Agri.Api.Exports;

// The certification streams: the inspections of the growing area that belong to the lot, with their certificates.
public static partial class EpcisDocument
{
    /// <summary>
    /// The inspections that belong to the lot's history: dated on or before packing, and either made while the batch was
    /// in the ground or the source of a certificate valid on one of the lot's harvests.
    /// </summary>
    public static bool Belongs(Inspection inspection, Certificate? certificate, LocalDate? plantedOn, IReadOnlyList<LocalDate> harvests, LocalDate packedOn) =>
        inspection.InspectedOn <= packedOn
        && ((plantedOn is { } planted && inspection.InspectedOn >= planted)
            || (certificate is not null && harvests.Any(certificate.IsValidOn)));

    private static IEnumerable<Draft> InspectionEvents(LotHistory history, Identifiers ids)
    {
        var lot = history.Lot;
        var planted = history.BatchEvents.Select(e => e.Data).OfType<BatchPlanted>().FirstOrDefault()?.PlantedOn;
        var harvests = history.BatchEvents.Select(e => e.Data).OfType<BatchHarvested>()
            .Select(h => h.HarvestedOn).Where(d => d <= lot.PackedOn).ToList();
        foreach (var inspection in history.Inspections)
        {
            var certificate = history.Certificates.FirstOrDefault(c => c.InspectionId == inspection.Id);
            if (!Belongs(inspection, certificate, planted, harvests, lot.PackedOn))
            {
                continue;
            }

            var key = $"{inspection.Id:N}/1";
            var at = FieldTime.StartOf(inspection.InspectedOn);
            var e = ObjectEvent(at, inspection.RecordedAt, key, "OBSERVE");

            // An inspection of the area while the batch grows there observes the batch; one before it inspects the place only.
            if (planted is { } plantedOn && inspection.InspectedOn >= plantedOn)
            {
                e["quantityList"] = Quantities((ids.BatchClass, null, null));
            }
            else
            {
                e["epcList"] = new JsonArray();
            }

            e["bizStep"] = "inspecting";
            e["disposition"] = inspection.Outcome.Passed ? "conformant" : "non_conformant";
            At(e, ids.Area);
            if (certificate is not null)
            {
                e["certificationInfo"] = ids.Certificate(certificate.Id);
            }

            Extend(e, "scheme", Kebab(inspection.Scheme));
            Extend(e, "checklistVersion", inspection.ChecklistVersion);
            Extend(e, "inspectedOn", Date(inspection.InspectedOn));
            Extend(e, "certificationBody", inspection.CertificationBodyId.ToString());
            Extend(e, "passed", inspection.Outcome.Passed);
            Extend(e, "majorCompliancePercent", inspection.Outcome.MajorCompliancePercent);
            Extend(e, "minorCompliancePercent", inspection.Outcome.MinorCompliancePercent);
            e["agri:failedControlPoints"] = new JsonArray([.. inspection.Outcome.FailedControlPoints.Select(p => (JsonNode)p)]);
            if (certificate is not null)
            {
                Extend(e, "certificateNumber", certificate.CertificateNumber);
                Extend(e, "certificateIssuedOn", Date(certificate.IssuedOn));
                Extend(e, "certificateValidUntil", Date(certificate.ValidUntil));
            }

            yield return new Draft(at, Rank.Inspection, e);
        }
    }
}
