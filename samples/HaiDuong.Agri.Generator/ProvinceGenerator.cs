extern alias api;
using api::HaiDuong.Agri.Api.Batches;
using api::HaiDuong.Agri.Api.Listings;
using api::HaiDuong.Agri.Api.Lots;
using HaiDuong.Agri.Domain.Batches;
using HaiDuong.Agri.Domain.Common;
using HaiDuong.Agri.Domain.Cooperatives;
using HaiDuong.Agri.Domain.GrowingAreas;
using HaiDuong.Agri.Domain.Households;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.Domain.Lots;
using JasperFx.Events;
using NodaTime;

namespace HaiDuong.Agri.Generator;

/// <summary>What a slice of the data set holds, for the progress line and the final summary.</summary>
public sealed class Tally
{
    public long Events { get; set; }

    public long Streams { get; set; }

    public long Documents { get; set; }

    public int Cooperatives { get; set; }

    public int Households { get; set; }

    public int Trained { get; set; }

    public int AccountLinked { get; set; }

    public int Listed { get; set; }

    public int Selling { get; set; }

    public int GrowingAreas { get; set; }

    public int Batches { get; set; }

    public int Lots { get; set; }

    public int Listings { get; set; }

    public int Orders { get; set; }

    public void Add(Tally o)
    {
        Events += o.Events;
        Streams += o.Streams;
        Documents += o.Documents;
        Cooperatives += o.Cooperatives;
        Households += o.Households;
        Trained += o.Trained;
        AccountLinked += o.AccountLinked;
        Listed += o.Listed;
        Selling += o.Selling;
        GrowingAreas += o.GrowingAreas;
        Batches += o.Batches;
        Lots += o.Lots;
        Listings += o.Listings;
        Orders += o.Orders;
    }
}

/// <summary>A slice of the data set: whole streams (all their events) and the inline read models the bulk path does not build.</summary>
public sealed class Chunk
{
    public List<StreamAction> Streams { get; } = [];

    public List<object> Documents { get; } = [];

    public Tally Tally { get; } = new();
}

/// <summary>
/// Builds the province's data deterministically: household <c>i</c> comes from a <see cref="Random"/> seeded with
/// (seed, i), so any slice can be generated alone and a run always writes the same data. Nothing is dated after
/// <see cref="Cap"/>, and every stream obeys the app's rules (pre-harvest intervals, chronology, stock).
/// </summary>
public sealed class ProvinceGenerator
{
    /// <summary>The data set is "as of" this moment (late November 2026): no event is recorded after it.</summary>
    public static readonly Instant Cap = Instant.FromUtc(2026, 11, 25, 10, 0);

    public const string ProvinceCode = "31";

    /// <summary>Share of linked households that list products: ~1,650 listings for 110,000 households.</summary>
    private const double ListingChance = 0.03;

    private static readonly Marketplace[] Marketplaces = [Marketplace.Shopee, Marketplace.Tiktok, Marketplace.Lazada, Marketplace.Webhook];
    private static readonly double[] MarketplaceWeights = [45, 25, 15, 15];
    private static readonly string[] Fields = ["Đồng Trên", "Đồng Dưới", "Bãi Sông", "Đồng Cửa", "Gò Cao", "Đồng Mới", "Bãi Giữa", "Xứ Đồng Chùa"];

    private readonly IEventRegistry registry;
    private readonly int seed;
    private readonly double[] communeWeights = [.. Catalog.Communes.Select(c => c.Weight)];
    private readonly Dictionary<string, List<Cooperative>> cooperatives = new(StringComparer.Ordinal);

    public ProvinceGenerator(IEventRegistry registry, int seed)
    {
        this.registry = registry;
        this.seed = seed;
    }

    /// <summary>The id the first household gets: present in the database means this data set was written there already.</summary>
    public Guid FirstHouseholdId() => NewId(HouseholdRandom(0));

    /// <summary>Two to five cooperatives per commune; call before <see cref="Households"/> (households join them).</summary>
    public Chunk Cooperatives()
    {
        var r = new Random(seed);
        var chunk = new Chunk();
        foreach (var commune in Catalog.Communes)
        {
            var kind = Kind(commune.Crops[0].Crop);
            var members = cooperatives[commune.Code] = [];
            for (var i = r.Next(2, 6); i > 0; i--)
            {
                var at = FieldTime.StartOf(Date(r, new LocalDate(2019, 1, 1), new LocalDate(2022, 12, 31))) + Duration.FromHours(r.Next(8, 17));
                var village = r.Pick(Catalog.Villages);
                var e = new CooperativeRegistered(
                    NewId(r), $"HTX {kind} {village["Thôn ".Length..]}, {commune.FormerDistrict}", ProvinceCode, commune.Code,
                    $"{village}, {commune.FormerDistrict}, Hải Phòng", $"0220 3{r.Next(100, 999)} {r.Next(100, 999)}", at);
                var cooperative = Cooperative.From(e) with { Version = 1 };
                members.Add(cooperative);
                Add(chunk, cooperative.Id, typeof(Cooperative), [(at, e)]);
                chunk.Documents.Add(cooperative);
                chunk.Tally.Cooperatives++;
            }
        }

        return chunk;
    }

    private static string Kind(string crop) => crop switch
    {
        "vải thiều" => "Sản xuất và Tiêu thụ Vải thiều",
        "cà rốt" => "Rau củ an toàn",
        "tỏi" or "hành tím" => "Hành tỏi",
        "bắp cải" => "Rau an toàn",
        "na" => "Na",
        "ổi" => "Ổi",
        _ => "Dịch vụ Nông nghiệp",
    };

    /// <summary>Households <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), each with all its streams.</summary>
    public Chunk Households(int from, int to)
    {
        var chunk = new Chunk();
        for (var i = from; i < to; i++)
        {
            new HouseholdBuilder(this, HouseholdRandom(i), chunk).Build();
        }

        return chunk;
    }

    private Random HouseholdRandom(int index) => new(unchecked((seed * 1_000_003) + index + 1));

    internal static Guid NewId(Random r)
    {
        Span<byte> bytes = stackalloc byte[16];
        r.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // a version-4 layout, so the ids look like any other random GUID
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    internal static LocalDate Date(Random r, LocalDate from, LocalDate to) => from.PlusDays(r.Next(0, Period.DaysBetween(from, to) + 1));

    /// <summary>A stream of events, each stamped with the moment it was recorded (the event store's timestamp).</summary>
    internal void Add(Chunk chunk, Guid id, Type aggregate, IReadOnlyList<(Instant At, object Data)> events)
    {
        var action = StreamAction.Start(registry, id, [.. events.Select(e => e.Data)]);
        action.AggregateType = aggregate;
        for (var i = 0; i < events.Count; i++)
        {
            action.Events[i].Timestamp = events[i].At.ToDateTimeOffset();
        }

        chunk.Streams.Add(action);
        chunk.Tally.Streams++;
        chunk.Tally.Events += events.Count;
    }

    /// <summary>One household: registration, training, a linked shop, growing areas with their batches, and lots, listings and orders.</summary>
    private sealed class HouseholdBuilder(ProvinceGenerator province, Random r, Chunk chunk)
    {
        private readonly List<(Instant At, object Data)> household = [];
        private Commune commune = null!;
        private Cooperative? cooperative;
        private Guid id;
        private string name = "";

        public void Build()
        {
            id = NewId(r);
            commune = Catalog.Communes[r.PickIndex(province.communeWeights)];
            cooperative = r.Chance(0.7) ? r.Pick(province.cooperatives[commune.Code]) : null;
            var female = r.Chance(0.35);
            var fullName = $"{r.PickWeighted(Catalog.Surnames)} {(female ? "Thị" : r.Pick(Catalog.MiddleNamesMale))} {r.Pick(female ? Catalog.GivenNamesFemale : Catalog.GivenNamesMale)}";
            name = $"Hộ {(female ? "bà" : "ông")} {fullName}";
            var registeredAt = Moment(r, Date(r, new LocalDate(2023, 3, 1), new LocalDate(2025, 11, 30)), 8, 17);
            var registered = new HouseholdRegistered(
                id, name, $"0{r.Pick(["9", "8", "3"])}{r.Next(10_000_000, 99_999_999)}", ProvinceCode, commune.Code,
                $"{r.Pick(Catalog.Villages)}, {commune.FormerDistrict}, Hải Phòng", cooperative?.Id, registeredAt)
            {
                FormerDistrict = commune.FormerDistrict,
            };
            household.Add((registeredAt, registered));
            chunk.Tally.Households++;

            var trainedOn = Train(registeredAt);
            var linked = r.Chance(trainedOn is null ? 0.225 : 0.6);
            var batches = new List<BatchBuilder>();
            for (var a = r.Chance(0.12) ? 2 : 1; a > 0; a--)
            {
                batches.AddRange(Area(registeredAt));
            }

            var marketplace = Marketplaces[r.PickIndex(MarketplaceWeights)];
            var accountId = MarketplaceAccount.IdFor(id, null, marketplace);
            var listings = linked && r.Chance(ListingChance) ? List(batches, marketplace, accountId) : [];
            foreach (var batch in batches)
            {
                batch.Finish(chunk);
            }

            if (linked)
            {
                Link(registeredAt, trainedOn, marketplace, accountId, listings.Count > 0 ? listings.Min(l => l.PublishedAt) : null);
            }

            if (listings.Count > 0)
            {
                Reach(Milestone.Listed, listings.Min(l => l.PublishedAt));
                chunk.Tally.Listed++;
                var sales = listings.Where(l => l.FirstOrderAt is not null).Select(l => l.FirstOrderAt!.Value).ToList();
                if (sales.Count > 0)
                {
                    Reach(Milestone.Selling, sales.Min());
                    chunk.Tally.Selling++;
                }
            }

            var ordered = household.OrderBy(e => e.At).ToList();
            province.Add(chunk, id, typeof(Household), ordered);
            var state = Household.From(registered);
            foreach (var (_, e) in ordered.Skip(1))
            {
                state = state.Then(e);
            }

            chunk.Documents.Add(state with { Version = ordered.Count });
        }

        /// <summary>~60 % took a digital-skills course (a fifth of them two); the first one is the trained milestone.</summary>
        private LocalDate? Train(Instant registeredAt)
        {
            if (!r.Chance(0.6))
            {
                return null;
            }

            var first = DateOf(registeredAt).PlusDays(r.Next(20, 500));
            if (first >= DateOf(Cap))
            {
                return null;
            }

            var on = first;
            for (var c = r.Chance(0.2) ? 2 : 1; c > 0 && on < DateOf(Cap); c--)
            {
                var at = Moment(r, on, 14, 17);
                household.Add((at, new HouseholdTrained(id, r.Pick(Catalog.Courses), on, at)));
                if (on == first)
                {
                    household.Add((at, new HouseholdOnboarded(id, commune.Code, Milestone.Trained, on, at)));
                    chunk.Tally.Trained++;
                }

                on = on.PlusDays(r.Next(14, 120));
            }

            return first;
        }

        /// <summary>The household's shop on one marketplace (its own stream), linked before its first listing.</summary>
        private void Link(Instant registeredAt, LocalDate? trainedOn, Marketplace marketplace, Guid accountId, Instant? firstListing)
        {
            var at = trainedOn is { } t ? Moment(r, t.PlusDays(r.Next(5, 200)), 8, 21) : registeredAt + Duration.FromDays(r.Next(30, 700));
            if (firstListing is { } listed && at >= listed)
            {
                at = listed - Duration.FromHours(r.Next(24, 24 * 30));
            }

            at = Min(at, Cap - Duration.FromDays(1));
            at = at > registeredAt ? at : registeredAt + Duration.FromHours(1);
            var e = new MarketplaceAccountLinked(accountId, marketplace, $"shop-{id.ToString("N")[..10]}", id, null, at);
            province.Add(chunk, accountId, typeof(MarketplaceAccount), [(at, e)]);
            chunk.Documents.Add(MarketplaceAccount.From(e) with { Version = 1 });
            Reach(Milestone.AccountLinked, at);
            chunk.Tally.AccountLinked++;
        }

        private void Reach(Milestone milestone, Instant at) =>
            household.Add((at, new HouseholdOnboarded(id, commune.Code, milestone, DateOf(at), at)));

        /// <summary>A growing area and its batches: every season of 2026 that has started, and for some, last year's first season.</summary>
        private IEnumerable<BatchBuilder> Area(Instant registeredAt)
        {
            var crop = Catalog.CropNamed(r.PickWeighted(commune.Crops));
            var areaId = NewId(r);
            var areaM2 = crop.Perennial ? r.Next(150, 600) * 10 : r.Next(50, 400) * 10;
            var at = registeredAt + Duration.FromMinutes(r.Next(10, 60 * 24 * 10));
            var e = new GrowingAreaRegistered(
                areaId, id, cooperative?.Id, $"{(crop.Perennial ? "Vườn" : "Ruộng")} {crop.Name} {r.Pick(Fields)}", crop.Name, areaM2, commune.Code,
                r.Chance(0.5) ? $"VN-{commune.Code}-{r.Next(1, 99_999):D5}" : null,
                Math.Round(20.94 + ((r.NextDouble() - 0.5) * 0.3), 4), Math.Round(106.33 + ((r.NextDouble() - 0.5) * 0.4), 4), at);
            province.Add(chunk, areaId, typeof(GrowingArea), [(at, e)]);
            chunk.Documents.Add(GrowingArea.From(e) with { Version = 1 });
            chunk.Tally.GrowingAreas++;

            var seasons = crop.Seasons.Select(s => (Season: s, Year: 2026)).ToList();
            if (r.Chance(0.3))
            {
                seasons.Insert(0, (crop.Seasons[0], 2025));
            }

            foreach (var (season, year) in seasons)
            {
                if (BatchBuilder.TryStart(province, r, e, cooperative?.Id, crop, season, year) is { } batch)
                {
                    chunk.Tally.Batches++;
                    yield return batch;
                }
            }
        }

        /// <summary>One or two listings, each of a lot packed from a different harvested 2026 batch, with the orders they got.</summary>
        private List<ListingPlan> List(List<BatchBuilder> batches, Marketplace marketplace, Guid accountId)
        {
            var plans = new List<ListingPlan>();
            var candidates = batches.Where(b => b.Year == 2026 && b.HarvestedKg > 0).Take(r.Chance(0.25) ? 2 : 1);
            foreach (var batch in candidates)
            {
                var product = batch.Crop.Product;
                var units = (int)Math.Min(r.Next(80, 600), decimal.Floor(batch.HarvestedKg * 1000m / product.NetWeightGrams));
                var packedAt = batch.LastHarvestAt + Duration.FromHours(r.Next(1, 20));
                var publishedAt = packedAt + Duration.FromHours(r.Next(2, 72));
                if (units < 20 || publishedAt >= Cap)
                {
                    continue;
                }

                var lot = new LotPacked(
                    NewId(r), batch.Id, id, cooperative?.Id, batch.AreaId, "0" + product.Gtin13, "", DateOf(packedAt), units,
                    product.NetWeightGrams, product.Name, product.Packaging, packedAt);
                lot = lot with { LotCode = $"G{lot.PackedOn.Year % 100:00}{lot.PackedOn.Month:00}{lot.PackedOn.Day:00}-{lot.LotId.ToString("N")[..6].ToUpperInvariant()}" };
                batch.Pack(lot);
                province.Add(chunk, lot.LotId, typeof(Lot), [(packedAt, lot)]);
                chunk.Documents.Add(Lots(lot));
                chunk.Tally.Lots++;
                plans.Add(Listing(lot, product, marketplace, accountId, publishedAt));
            }

            return plans;
        }

        private static LotDetails Lots(LotPacked lot)
        {
            var details = LotDetailsProjection.Create(lot);
            details.Version = 1;
            return details;
        }

        private ListingPlan Listing(LotPacked lot, Product product, Marketplace marketplace, Guid accountId, Instant publishedAt)
        {
            var listingId = NewId(r);
            var price = r.Next((int)(product.PriceMin / 1000), (int)(product.PriceMax / 1000) + 1) * 1000L;
            var stock = lot.UnitCount - r.Next(0, (lot.UnitCount / 4) + 1);
            var published = new ListingPublished(
                listingId, lot.LotId, id, cooperative?.Id, ListingDecisions.SellerSku(listingId), $"{product.Name} — {product.Packaging}",
                $"{product.Name} của {name}, {commune.FormerDistrict}. Đóng gói ngày {lot.PackedOn.Day:00}/{lot.PackedOn.Month:00}/{lot.PackedOn.Year}.", price, stock, [],
                [new ListingChannel(marketplace, accountId)], lot.Gtin, lot.LotCode, product.Name, product.NetWeightGrams,
                cooperative?.Name ?? name, publishedAt)
            {
                CommuneCode = commune.Code,
            };
            var externalId = $"{ListingDecisions.Name(marketplace)}-{listingId.ToString("N")[..12]}";
            var events = new List<(Instant At, object Data)>
            {
                (publishedAt, published),
                (publishedAt + Duration.FromSeconds(20), new ListingSynced(marketplace, SyncOperation.Create, externalId, 1, 1, publishedAt + Duration.FromSeconds(20))),
            };
            var orders = new List<MarketplaceOrder>();
            if (r.Chance(0.88))
            {
                var at = publishedAt;
                for (var n = r.Next(10, 45); n > 0 && stock > 0; n--)
                {
                    at += Duration.FromMinutes(r.Next(30, 60 * 72));
                    var recordedAt = at + Duration.FromSeconds(r.Next(2, 60));
                    if (recordedAt >= Cap)
                    {
                        break;
                    }

                    var quantity = Math.Min(stock, r.Next(1, 5));
                    stock -= quantity;
                    var orderId = $"{externalId}-{orders.Count + 1:D3}";
                    events.Add((recordedAt, new ListingOrdered(marketplace, orderId, quantity, quantity * price, at, stock, recordedAt) { CommuneCode = commune.Code }));
                    orders.Add(new MarketplaceOrder
                    {
                        Id = MarketplaceOrder.IdFor(marketplace, orderId),
                        Marketplace = marketplace,
                        ExternalOrderId = orderId,
                        ListingId = listingId,
                        Quantity = quantity,
                        TotalVnd = quantity * price,
                        OrderedAt = at,
                        StockAfter = stock,
                        RecordedAt = recordedAt,
                    });
                }

                if (orders.Count > 0)
                {
                    // The marketplace was told the stock after the last order.
                    var syncedAt = events[^1].At + Duration.FromSeconds(r.Next(1, 30));
                    events.Add((syncedAt, new ListingSynced(marketplace, SyncOperation.Update, externalId, events.Count, 1, syncedAt)));
                }
            }

            province.Add(chunk, listingId, typeof(Listing), events);
            chunk.Documents.Add(ListingView(events));
            chunk.Documents.AddRange(orders);
            chunk.Tally.Listings++;
            chunk.Tally.Orders += orders.Count;
            return new ListingPlan(publishedAt, orders.Count > 0 ? orders[0].RecordedAt : null);
        }

        /// <summary>The listing's read model, folded by the app's own projection (it reads event versions, so events are wrapped).</summary>
        private static ListingDetails ListingView(List<(Instant At, object Data)> events)
        {
            var view = ListingDetailsProjection.Create(new Event<ListingPublished>((ListingPublished)events[0].Data) { Version = 1 });
            for (var v = 2; v <= events.Count; v++)
            {
                switch (events[v - 1].Data)
                {
                    case ListingOrdered e:
                        ListingDetailsProjection.Apply(new Event<ListingOrdered>(e) { Version = v }, view);
                        break;
                    case ListingSynced e:
                        ListingDetailsProjection.Apply(e, view);
                        break;
                }
            }

            view.Version = events.Count;
            return view;
        }
    }

    private sealed record ListingPlan(Instant PublishedAt, Instant? FirstOrderAt);

    /// <summary>
    /// One batch: started a few days before planting, field steps dated between planting and harvest (pesticides only
    /// while their pre-harvest interval ends by the first harvest), harvests, maybe a lot packed from it, then closed.
    /// </summary>
    private sealed class BatchBuilder
    {
        private readonly ProvinceGenerator province;
        private readonly Random r;
        private readonly List<(Instant At, object Data)> events = [];
        private (Instant At, object Data)? closed;

        private BatchBuilder(ProvinceGenerator province, Random r, Guid areaId, Crop crop, int year)
        {
            this.province = province;
            this.r = r;
            Id = NewId(r);
            AreaId = areaId;
            Crop = crop;
            Year = year;
        }

        public Guid Id { get; }

        public Guid AreaId { get; }

        public Crop Crop { get; }

        public int Year { get; }

        public decimal HarvestedKg { get; private set; }

        public Instant LastHarvestAt { get; private set; }

        public static BatchBuilder? TryStart(ProvinceGenerator province, Random r, GrowingAreaRegistered area, Guid? cooperativeId, Crop crop, CropSeason season, int year)
        {
            var plantedOn = new LocalDate(year, season.Month, season.Day).PlusDays(r.Next(0, season.PlantSpanDays + 1));
            var startedAt = Moment(r, plantedOn.PlusDays(-r.Next(1, 10)), 18, 21);
            if (startedAt <= area.RegisteredAt || plantedOn >= DateOf(Cap))
            {
                return null;
            }

            var batch = new BatchBuilder(province, r, area.GrowingAreaId, crop, year);
            var firstHarvest = plantedOn.PlusDays(r.Next(season.GrowDaysMin, season.GrowDaysMax + 1));
            batch.events.Add((startedAt, new BatchStarted(
                batch.Id, area.GrowingAreaId, area.HouseholdId, cooperativeId, crop.Name, r.Pick(crop.Varieties), $"{season.Name} {year}",
                firstHarvest, startedAt)));
            batch.Steps(plantedOn, firstHarvest, area.AreaM2);
            return batch;
        }

        private void Steps(LocalDate plantedOn, LocalDate firstHarvest, decimal areaM2)
        {
            var plantedAt = Moment(r, plantedOn, 6, 16);
            var plantingRecorded = plantedAt + Duration.FromMinutes(r.Next(5, 120));
            events.Add((plantingRecorded, new BatchPlanted(
                NewId(r), plantedOn, Crop.SeedSource, null, Math.Max(1, Math.Round(Crop.SeedPer1000M2 * areaM2 / 1000m, 1)), Crop.SeedUnit,
                plantedAt, plantingRecorded, null)));
            var steps = new List<(Instant At, object Data)>();
            var lastFieldDay = firstHarvest.PlusDays(-10);
            for (var n = r.Next(2, 5); n > 0; n--)
            {
                var f = r.Pick(Crop.Fertilizers);
                Step(steps, Date(r, plantedOn.PlusDays(1), lastFieldDay), (at, recorded, client) => new InputApplied(
                    NewId(r), InputKind.Fertilizer, f.Product, null, Math.Max(0.1m, Math.Round(f.DosePer1000M2 * areaM2 / 1000m, 1)), f.Unit,
                    DateOf(at), null, null, r.Chance(0.3) ? "Bón thúc" : null, at, recorded, client));
            }

            for (var n = r.Next(1, 4); n > 0; n--)
            {
                var p = r.Pick(Crop.Pesticides);
                var latest = firstHarvest.PlusDays(-p.PhiDays);
                if (latest > plantedOn.PlusDays(10))
                {
                    Step(steps, Date(r, plantedOn.PlusDays(10), latest), (at, recorded, client) => new InputApplied(
                        NewId(r), InputKind.Pesticide, p.Product, p.ActiveIngredient, p.Dose, p.Unit, DateOf(at), p.PhiDays, null,
                        "Phòng trừ sâu bệnh", at, recorded, client));
                }
            }

            for (var n = r.Next(3, 7); n > 0; n--)
            {
                var kind = Crop.Perennial && r.Chance(0.2) ? ActivityKind.Pruning : r.Pick([ActivityKind.Irrigation, ActivityKind.Irrigation, ActivityKind.Weeding, ActivityKind.Observation]);
                var notes = kind switch
                {
                    ActivityKind.Irrigation => r.Pick(Catalog.IrrigationNotes),
                    ActivityKind.Observation => r.Pick(Catalog.ObservationNotes),
                    _ => null,
                };
                Step(steps, Date(r, plantedOn.PlusDays(1), firstHarvest), (at, recorded, client) => new ActivityRecorded(NewId(r), kind, notes, at, recorded, client));
            }

            var harvests = r.Next(Crop.HarvestsMin, Crop.HarvestsMax + 1);
            var totalKg = (decimal)(areaM2 * (decimal)(Crop.YieldMin + (r.NextDouble() * (Crop.YieldMax - Crop.YieldMin))));
            var day = firstHarvest;
            for (var h = 0; h < harvests; h++, day = day.PlusDays(r.Next(2, 9)))
            {
                var kg = Math.Round(totalKg / harvests, 1);
                if (Step(steps, day, (at, recorded, client) => new BatchHarvested(NewId(r), DateOf(at), kg, r.Chance(0.8) ? "loại 1" : "loại 2", at, recorded, client)) is { } recordedAt)
                {
                    HarvestedKg += kg;
                    LastHarvestAt = recordedAt > LastHarvestAt ? recordedAt : LastHarvestAt;
                }
            }

            events.AddRange(steps.OrderBy(s => s.At));
            if (HarvestedKg > 0 && (Year == 2025 || r.Chance(0.75)))
            {
                var closedAt = events[^1].At + Duration.FromDays(r.Next(3, 30));
                closed = closedAt < Cap ? (closedAt, new BatchClosed(Year == 2025 ? $"Kết thúc {Crop.Name} {Year}" : "Kết thúc vụ", closedAt)) : null;
            }
        }

        /// <summary>
        /// A step in the field on <paramref name="date"/>, recorded minutes later — or, for one in four, hours or days
        /// later by a phone that was offline (those carry a client step id). Steps not yet recorded by <see cref="Cap"/> are left out.
        /// </summary>
        private Instant? Step(List<(Instant At, object Data)> steps, LocalDate date, Func<Instant, Instant, string?, object> make)
        {
            var at = Moment(r, date, 5, 17);
            var delay = r.NextDouble() switch
            {
                < 0.75 => Duration.FromMinutes(r.Next(1, 120)),
                < 0.95 => Duration.FromHours(r.Next(6, 60)),
                _ => Duration.FromDays(r.Next(3, 9)),
            };
            var recorded = at + delay;
            if (recorded >= Cap)
            {
                return null;
            }

            steps.Add((recorded, make(at, recorded, delay > Duration.FromHours(1) ? $"offline-{r.Next():x8}" : null)));
            return recorded;
        }

        /// <summary>Records on the batch that part of its harvest went into <paramref name="lot"/>; the batch closes after it.</summary>
        public void Pack(LotPacked lot)
        {
            events.Add((lot.PackedAt, new BatchPacked(lot.LotId, (long)lot.UnitCount * lot.NetWeightGrams, lot.PackedOn, lot.PackedAt)));
            var inOrder = events.OrderBy(e => e.At).ToList(); // a step synced late from the field may come after the packing
            events.Clear();
            events.AddRange(inOrder);
            if (closed is { } c && c.At <= lot.PackedAt)
            {
                var closedAt = lot.PackedAt + Duration.FromDays(r.Next(1, 20));
                closed = closedAt < Cap ? (closedAt, ((BatchClosed)c.Data) with { ClosedAt = closedAt }) : null;
            }
        }

        /// <summary>Writes the stream and its two inline read models (details and timeline), folded by the app's projections.</summary>
        public void Finish(Chunk chunk)
        {
            if (closed is { } c)
            {
                events.Add(c);
            }

            province.Add(chunk, Id, typeof(Batch), events);
            var details = BatchDetailsProjection.Create((BatchStarted)events[0].Data);
            var timeline = BatchTimelineProjection.Create((BatchStarted)events[0].Data);
            foreach (var (_, e) in events.Skip(1))
            {
                switch (e)
                {
                    case BatchPlanted p:
                        BatchDetailsProjection.Apply(p, details);
                        BatchTimelineProjection.Apply(p, timeline);
                        break;
                    case InputApplied i:
                        BatchDetailsProjection.Apply(i, details);
                        BatchTimelineProjection.Apply(i, timeline);
                        break;
                    case ActivityRecorded a:
                        BatchDetailsProjection.Apply(a, details);
                        BatchTimelineProjection.Apply(a, timeline);
                        break;
                    case BatchHarvested h:
                        BatchDetailsProjection.Apply(h, details);
                        BatchTimelineProjection.Apply(h, timeline);
                        break;
                    case BatchPacked p:
                        BatchDetailsProjection.Apply(p, details);
                        break;
                    case BatchClosed x:
                        BatchDetailsProjection.Apply(x, details);
                        break;
                }
            }

            details.Version = timeline.Version = events.Count;
            chunk.Documents.Add(details);
            chunk.Documents.Add(timeline);
        }
    }

    /// <summary>A moment on <paramref name="date"/> in Việt Nam between the two hours, to the second.</summary>
    internal static Instant Moment(Random r, LocalDate date, int fromHour, int toHour) =>
        FieldTime.StartOf(date) + Duration.FromSeconds(r.Next(fromHour * 3600, toHour * 3600));

    internal static LocalDate DateOf(Instant at) => FieldTime.DateOf(at);

    internal static Instant Min(Instant a, Instant b) => a < b ? a : b;
}

/// <summary>Seeded choices.</summary>
public static class RandomChoices
{
    public static bool Chance(this Random r, double p) => r.NextDouble() < p;

    public static T Pick<T>(this Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    public static int PickIndex(this Random r, IReadOnlyList<double> weights)
    {
        var x = r.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Count; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }

    public static string PickWeighted(this Random r, IReadOnlyList<(string Name, double Weight)> items) =>
        items[r.PickIndex([.. items.Select(i => i.Weight)])].Name;
}
