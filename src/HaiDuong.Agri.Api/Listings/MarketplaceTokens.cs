using HaiDuong.Agri.Domain.Listings;
using HaiDuong.Agri.Marketplaces;
using Microsoft.AspNetCore.DataProtection;

namespace HaiDuong.Agri.Api.Listings;

/// <summary>A shop's tokens, encrypted with ASP.NET Data Protection (keys in the database); the document id is the account id.</summary>
public sealed class MarketplaceCredentials
{
    public Guid Id { get; set; }

    public string? AccessToken { get; set; }

    public string? RefreshToken { get; set; }
}

public sealed class MarketplaceTokens(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("HaiDuong.Agri.MarketplaceTokens.v1");

    public MarketplaceCredentials Seal(Guid accountId, string? accessToken, string? refreshToken) => new()
    {
        Id = accountId,
        AccessToken = accessToken is null ? null : protector.Protect(accessToken),
        RefreshToken = refreshToken is null ? null : protector.Protect(refreshToken),
    };

    public ShopCredentials Open(MarketplaceAccount account, MarketplaceCredentials? sealedTokens) => new(
        account.ShopId,
        sealedTokens?.AccessToken is { } access ? protector.Unprotect(access) : null,
        sealedTokens?.RefreshToken is { } refresh ? protector.Unprotect(refresh) : null);
}
