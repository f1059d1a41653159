using HaiDuong.Agri.Api.Infrastructure.Auth;
using HaiDuong.Agri.Api.Infrastructure.Commands;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Certification;
using HaiDuong.Agri.Domain.GrowingAreas;
using Mediator;
using NodaTime;

namespace HaiDuong.Agri.Api.Certification;

public sealed record InspectionResultRequest(string? ControlPointId, bool? Compliant, string? Note);

public sealed record InspectionRequest(
    Scheme? Scheme,
    IReadOnlyList<Guid>? GrowingAreaIds,
    LocalDate? InspectedOn,
    IReadOnlyList<InspectionResultRequest?>? Results);

/// <summary>An inspection as answered: the outcome computed by the pass rules, and the answers themselves.</summary>
public sealed record InspectionView(
    Guid Id,
    bool Passed,
    decimal MajorCompliancePercent,
    decimal MinorCompliancePercent,
    IReadOnlyList<string> FailedControlPoints,
    int ApplicableMajor,
    int CompliantMajor,
    int ApplicableMinor,
    int CompliantMinor,
    Scheme Scheme,
    string ChecklistVersion,
    Guid CertificationBodyId,
    IReadOnlyList<Guid> GrowingAreaIds,
    LocalDate InspectedOn,
    Guid? CertificateId,
    IReadOnlyList<InspectionAnswer> Results,
    Instant RecordedAt,
    long Version)
{
    /// <summary>The inspection as <paramref name="visibleAreas"/> (null: all of its areas) let the caller see it.</summary>
    public static InspectionView Of(Inspection i, IReadOnlySet<Guid>? visibleAreas = null) => new(
        i.Id, i.Outcome.Passed, i.Outcome.MajorCompliancePercent, i.Outcome.MinorCompliancePercent, i.Outcome.FailedControlPoints,
        i.Outcome.ApplicableMajor, i.Outcome.CompliantMajor, i.Outcome.ApplicableMinor, i.Outcome.CompliantMinor,
        i.Scheme, i.ChecklistVersion, i.CertificationBodyId, CertificateAccess.Only(i.GrowingAreaIds, visibleAreas), i.InspectedOn,
        i.CertificateId, i.Results, i.RecordedAt, i.Version);
}

public sealed record RecordInspectionCommand(Caller Caller, InspectionRequest Body) : ICommand<Outcome<InspectionView>>, IValidated
{
    public const int MaxGrowingAreas = 200;

    public void Validate(Validator v)
    {
        var b = Body;
        v.Required("scheme", b.Scheme);
        v.FieldDate("inspectedOn", b.InspectedOn);
        var areas = $"Name 1 to {MaxGrowingAreas} growing areas.";
        if (v.Items("growingAreaIds", b.GrowingAreaIds, required: true, 1, MaxGrowingAreas, areas, missingMessage: areas))
        {
            v.Unique("growingAreaIds", b.GrowingAreaIds, "A growing area is named more than once.");
        }

        if (!v.Items("results", b.Results, required: true, 0, int.MaxValue, ""))
        {
            return;
        }

        for (var i = 0; i < b.Results.Count; i++)
        {
            if (b.Results[i] is { } result)
            {
                // The checklist's rules below say the same when a scheme is named; said here, the document shows it required.
                v.Required($"results[{i}].controlPointId", result.ControlPointId);
            }

            v.Text($"results[{i}].note", b.Results[i]?.Note, required: false, maxLength: 1000, multiline: true);
        }

        if (b.Scheme is { } scheme)
        {
            foreach (var (field, message) in InspectionRules.Check(Checklists.For(scheme), Answers(b.Results)))
            {
                v.Fail(field, message);
            }
        }
    }

    public static IReadOnlyList<InspectionAnswer?> Answers(IReadOnlyList<InspectionResultRequest?> results) =>
        results.Select(r => r is null ? null : new InspectionAnswer(r.ControlPointId!, r.Compliant, Validator.Clean(r.Note))).ToList();
}

public sealed class RecordInspectionHandler(UnitOfWork unitOfWork, IClock clock) : ICommandHandler<RecordInspectionCommand, Outcome<InspectionView>>
{
    public async ValueTask<Outcome<InspectionView>> Handle(RecordInspectionCommand command, CancellationToken cancellationToken)
    {
        var (caller, b) = command;
        var session = await unitOfWork.SessionAsync(cancellationToken);
        var areas = await session.LoadManyAsync<GrowingArea>(cancellationToken, b.GrowingAreaIds!);
        var missing = b.GrowingAreaIds!.Except(areas.Select(a => a.Id)).ToList();
        if (missing.Count > 0)
        {
            throw Problems.NotFound($"growing area {string.Join(", ", missing)}", "growingAreaIds");
        }

        var checklist = Checklists.For(b.Scheme!.Value);
        var recorded = InspectionDecisions.Record(
            new RecordInspection(
                Guid.CreateVersion7(), caller.CertificationBodyId!.Value, checklist.Scheme, b.GrowingAreaIds!, b.InspectedOn!.Value,
                RecordInspectionCommand.Answers(b.Results!).Select(a => a!).ToList(), caller.KeyId),
            checklist,
            clock.GetCurrentInstant());
        session.Events.StartStream<Inspection>(recorded.InspectionId, recorded);
        return Outcome.Created(InspectionView.Of(Inspection.From(recorded) with { Version = 1 }), 1);
    }
}
