namespace HaiDuong.Agri.Marketplaces;

/// <summary>
/// Partner credentials and sync limits (section <c>Marketplaces</c>). A shop's own id and tokens are not here: they come
/// from the seller's linked account with each <see cref="SyncRequest"/>.
/// </summary>
public sealed class MarketplaceOptions
{
    public const string Section = "Marketplaces";

    public ShopeeOptions Shopee { get; set; } = new();

    public LazadaOptions Lazada { get; set; } = new();

    public TikTokOptions TikTok { get; set; } = new();

    public WebhookOptions Webhook { get; set; } = new();

    public RetryOptions Retry { get; set; } = new();

    /// <summary>Per HTTP call; a call that takes longer is a retryable failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Sustained calls per second to one shop (token bucket refill).</summary>
    public int RequestsPerSecond { get; set; } = 10;

    /// <summary>Calls one shop may make at once after being idle (token bucket size).</summary>
    public int Burst { get; set; } = 20;
}

public sealed class ShopeeOptions
{
    public string? BaseUrl { get; set; }

    public long PartnerId { get; set; }

    public string? PartnerKey { get; set; }

    /// <summary>The Shopee category new items are created in (fresh produce); Shopee requires one on add_item.</summary>
    public long CategoryId { get; set; }

    public bool IsConfigured => Adapters.Remote.IsHttpUrl(BaseUrl) && PartnerId > 0 && !string.IsNullOrEmpty(PartnerKey);
}

public sealed class LazadaOptions
{
    public string? BaseUrl { get; set; }

    public string? AppKey { get; set; }

    public string? AppSecret { get; set; }

    /// <summary>The Lazada <c>PrimaryCategory</c> new products are created in.</summary>
    public string PrimaryCategory { get; set; } = "";

    public bool IsConfigured => Adapters.Remote.IsHttpUrl(BaseUrl) && !string.IsNullOrEmpty(AppKey) && !string.IsNullOrEmpty(AppSecret);
}

public sealed class TikTokOptions
{
    public string? BaseUrl { get; set; }

    public string? AppKey { get; set; }

    public string? AppSecret { get; set; }

    /// <summary>The TikTok Shop <c>category_id</c> new products are created in.</summary>
    public string CategoryId { get; set; } = "";

    public bool IsConfigured => Adapters.Remote.IsHttpUrl(BaseUrl) && !string.IsNullOrEmpty(AppKey) && !string.IsNullOrEmpty(AppSecret);
}

public sealed class WebhookOptions
{
    public string? Url { get; set; }

    /// <summary>Shared with the receiver, who checks <c>X-Agri-Signature</c> with it.</summary>
    public string? Secret { get; set; }

    public bool IsConfigured => Adapters.Remote.IsHttpUrl(Url) && !string.IsNullOrEmpty(Secret);
}

public sealed class RetryOptions
{
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed attempts after which a job is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 20;
}
