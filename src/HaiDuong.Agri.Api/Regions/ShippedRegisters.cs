using System.Text.Json;
using HaiDuong.Agri.Api.Infrastructure.Http;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Regions;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;

namespace HaiDuong.Agri.Api.Regions;

/// <summary><c>Agri:Regions:LoadShipped</c> (default true): load the registers shipped with the app into provinces that have none.</summary>
public sealed class RegionOptions
{
    public bool LoadShipped { get; set; } = true;
}

/// <summary>
/// The registers shipped with the app as data (<c>Regions/*.json</c>, embedded): today Hải Phòng's 114 units of 1 July 2025.
/// Each file has the shape of <c>POST /api/v1/regions</c> plus an <c>about</c> block naming where every code was read.
/// </summary>
public static class ShippedRegisters
{
    public const string ResourcePrefix = "HaiDuong.Agri.Api.Regions.";

    private static readonly Lazy<IReadOnlyList<LoadRegisterRequest>> Files = new(() =>
        [.. typeof(ShippedRegisters).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(Read)]);

    public static IReadOnlyList<LoadRegisterRequest> All => Files.Value;

    private static LoadRegisterRequest Read(string resource)
    {
        using var stream = typeof(ShippedRegisters).Assembly.GetManifestResourceStream(resource)!;
        var file = JsonSerializer.Deserialize<LoadRegisterRequest>(stream, AgriJson.Options)
            ?? throw new InvalidOperationException($"The shipped register {resource} is empty.");
        var validator = new Validator(Instant.MinValue);
        file.Validate(validator);
        return validator.IsValid
            ? file
            : throw new InvalidOperationException(
                $"The shipped register {resource} is not valid: {string.Join("; ", validator.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
    }
}

/// <summary>
/// At start, loads each shipped register into its province when the province has none yet. A register already there is left
/// alone (an admin's additions, renames and retirements are the record from then on); when several instances start at
/// once, one loads it and the others find it.
/// </summary>
public sealed partial class ShippedRegisterLoader(IDocumentStore store, IClock clock, IOptions<RegionOptions> options, ILogger<ShippedRegisterLoader> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.LoadShipped)
        {
            return;
        }

        foreach (var file in ShippedRegisters.All)
        {
            var load = file.ToCommand();
            var id = ProvinceRegister.StreamId(load.ProvinceCode);
            await using var session = store.LightweightSession();
            if (await session.LoadAsync<ProvinceRegister>(id, cancellationToken) is not null)
            {
                continue;
            }

            session.Events.StartStream<ProvinceRegister>(id, ProvinceRegister.Load(null, load, clock.GetCurrentInstant()).Accepted().ToArray());
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                LogLoaded(logger, load.ProvinceCode, load.Name, load.Communes.Count);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Another instance starting at the same moment may have loaded it first; anything else is a real failure.
                if (!await ExistsAsync(id, cancellationToken))
                {
                    throw;
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<bool> ExistsAsync(Guid id, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ProvinceRegister>(id, ct) is not null;
    }

    [LoggerMessage(LogLevel.Information, "Loaded the shipped register of province {ProvinceCode} ({Name}): {Count} communes")]
    private static partial void LogLoaded(ILogger logger, string provinceCode, string name, int count);
}
