using HaiDuong.Agri.Api.Access;
using HaiDuong.Agri.Api.Batches;
using HaiDuong.Agri.Api.Certification;
using HaiDuong.Agri.Api.Compliance;
using HaiDuong.Agri.Api.Cooperatives;
using HaiDuong.Agri.Api.Dashboard;
using HaiDuong.Agri.Api.Desk;
using HaiDuong.Agri.Api.Exports;
using HaiDuong.Agri.Api.Feeds;
using HaiDuong.Agri.Api.GrowingAreas;
using HaiDuong.Agri.Api.HouseholdApp;
using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Modules;
using HaiDuong.Agri.Api.Listings;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Api.Operations;
using HaiDuong.Agri.Api.Regions;
using HaiDuong.Agri.Api.Sessions;
using HaiDuong.Agri.Api.Statistics;
using HaiDuong.Agri.Api.Trace;

namespace HaiDuong.Agri.Api;

/// <summary>The app's modules, in the order their routes appear in the OpenAPI document.</summary>
public static class AgriModules
{
    public static IReadOnlyList<IAgriModule> All { get; } =
    [
        new AccessModule(),
        new SessionsModule(),
        new RegionsModule(),
        new CooperativesModule(),
        new HouseholdsModule(),
        new GrowingAreasModule(),
        new BatchesModule(),
        new CertificationModule(),
        new ComplianceModule(),
        new LotsModule(),
        new TraceModule(),
        new ListingsModule(),
        new FeedsModule(),
        new StatisticsModule(),
        new DashboardModule(),
        new ExportsModule(),
        new HouseholdAppModule(),
        new DeskModule(),
        new OperationsModule(),
    ];

    /// <summary>The module's problem for a unique constraint a racing write ran into, if a module owns the constraint.</summary>
    public static ProblemException? ConstraintProblem(string constraintName) =>
        All.Select(m => m.ConstraintProblem(constraintName)).FirstOrDefault(p => p is not null);
}
