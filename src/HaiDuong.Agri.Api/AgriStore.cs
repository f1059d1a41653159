using HaiDuong.Agri.Api.Batches;
using HaiDuong.Agri.Api.Certification;
using HaiDuong.Agri.Api.Cooperatives;
using HaiDuong.Agri.Api.Feeds;
using HaiDuong.Agri.Api.GrowingAreas;
using HaiDuong.Agri.Api.Households;
using HaiDuong.Agri.Api.Listings;
using HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Api.Sessions;
using HaiDuong.Agri.Api.Statistics;
using HaiDuong.Agri.Api.Trace;
using Marten;

namespace HaiDuong.Agri.Api;

/// <summary>Every module's streams, read models and tables: the app's store, and tools that write to it (the sample generator).</summary>
public static class AgriStore
{
    public static IReadOnlyList<Action<StoreOptions>> Modules { get; } =
    [
        CooperativeEndpoints.ConfigureStore,
        HouseholdEndpoints.ConfigureStore,
        GrowingAreaEndpoints.ConfigureStore,
        BatchEndpoints.ConfigureStore,
        CertificationEndpoints.ConfigureStore,
        LotEndpoints.ConfigureStore,
        ScanCounter.ConfigureStore,
        ListingEndpoints.ConfigureStore,
        FeedEndpoints.ConfigureStore,
        StatisticsEndpoints.ConfigureStore,
        SessionEndpoints.ConfigureStore,
    ];
}
