using System.Net.Http.Headers;
using System.Text.Json;
using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.Marketplaces.Signing;
using Microsoft.Extensions.Options;

namespace HaiDuong.Agri.Marketplaces.Adapters;

/// <summary>
/// Partners without an API (Postmart, Voso…) receive the listing snapshot as a signed JSON POST. The delivery id is the
/// same on every retry of the same content, so a receiver can drop repeats.
/// </summary>
public sealed class WebhookAdapter(HttpClient http, IOptions<MarketplaceOptions> options, TimeProvider time) : IMarketplaceAdapter
{
    private readonly WebhookOptions webhook = options.Value.Webhook;

    public Marketplace Marketplace => Marketplace.Webhook;

    public bool IsConfigured => webhook.IsConfigured;

    public static string EventName(SyncOperation operation) => operation switch
    {
        SyncOperation.Create => "listing.published",
        SyncOperation.Update => "listing.updated",
        _ => "listing.delisted",
    };

    public async Task<SyncOutcome> SyncAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            return Remote.NotConfigured("Webhook", "Url, Secret");
        }

        var l = request.Listing;
        var @event = EventName(request.Operation);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new
            {
                Event = @event,
                request.DeliveryId,
                Listing = new
                {
                    Id = l.ListingId,
                    l.Version,
                    l.SellerSku,
                    l.Title,
                    l.Description,
                    l.PriceVnd,
                    l.Stock,
                    l.ImageUrls,
                    l.Gtin,
                    l.LotCode,
                    l.ProductName,
                    l.NetWeightGrams,
                    Seller = l.SellerName,
                    l.TraceUrl,
                    l.Delisted,
                },
            },
            Remote.Json);

        using var message = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
        };
        message.Headers.Add("X-Agri-Event", @event);
        message.Headers.Add("X-Agri-Delivery", request.DeliveryId);
        message.Headers.Add("X-Agri-Signature", WebhookSigner.Sign(body, webhook.Secret!));
        var answer = await Remote.SendAsync(http, message, $"Webhook {@event}", static _ => null, time, cancellationToken);
        return answer.Outcome(Remote.Text(Remote.Get(answer.Json, "id")) ?? request.ExternalId);
    }
}
