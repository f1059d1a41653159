using FluentAssertions;
using HaiDuong.Agri.Api.Batches;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace HaiDuong.Agri.IntegrationTests.Platform;

public sealed class NodaTimeStorageTests(AgriApp app) : IClassFixture<AgriApp>
{
    [Fact]
    public async Task Read_models_can_be_queried_by_local_dates_and_instants()
    {
        var farm = await app.FarmAsync();
        var planted = await farm.Household.PlantedBatchAsync(farm.GrowingAreaId);
        var unplanted = (await farm.Household.StartBatchAsync(farm.GrowingAreaId)).Id();

        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var onTheDay = await session.Query<BatchDetails>()
            .Where(b => b.PlantedOn == new LocalDate(2026, 1, 15) && b.HouseholdId == Guid.Parse(farm.HouseholdId))
            .Select(b => b.Id)
            .ToListAsync();
        onTheDay.Should().Equal(Guid.Parse(planted));

        var since = AgriApp.Now.Minus(Duration.FromMinutes(1));
        var startedRecently = await session.Query<BatchDetails>()
            .Where(b => b.StartedAt > since && b.HouseholdId == Guid.Parse(farm.HouseholdId))
            .OrderBy(b => b.StartedAt)
            .Select(b => b.Id)
            .ToListAsync();
        startedRecently.Should().Equal(Guid.Parse(planted), Guid.Parse(unplanted));

        var notYetPlanted = await session.Query<BatchDetails>()
            .Where(b => b.PlantedOn == null && b.HouseholdId == Guid.Parse(farm.HouseholdId))
            .Select(b => b.Id)
            .ToListAsync();
        notYetPlanted.Should().Equal(Guid.Parse(unplanted));
    }
}
