using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using FluentAssertions;
using HaiDuong.Agri.Api.Infrastructure.Marten;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HaiDuong.Agri.IntegrationTests.Platform;

/// <summary>
/// Marketplace tokens are sealed with ASP.NET Data Protection, whose key ring is in the database; the ring's keys are
/// encrypted with a key kept outside it (Agri:DataProtection:Key / KeyFile), so whoever has a copy of the database alone
/// cannot unseal a token.
/// </summary>
public sealed class SecretsAtRestTests
{
    private const string Purpose = "HaiDuong.Agri.MarketplaceTokens.v1";

    private sealed class SameDatabase(string connectionString) : AgriApp
    {
        protected override Task<string?> DatabaseAsync() => Task.FromResult<string?>(connectionString);
    }

    /// <summary>A key ring as read from a database dump.</summary>
    private sealed class DumpedRing(IReadOnlyCollection<XElement> elements) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => elements;

        public void StoreElement(XElement element, string friendlyName) => throw new InvalidOperationException("A dump is read only.");
    }

    /// <summary>Data Protection as someone would set it up with the dumped ring and, perhaps, a key-encryption key.</summary>
    private static IDataProtector Protector(IReadOnlyCollection<XElement> ring, byte[] keyEncryptionKey)
    {
        var services = new ServiceCollection();
        services.AddSingleton(new KeyEncryptionKeys(keyEncryptionKey, []));
        services.AddDataProtection().SetApplicationName("HaiDuong.Agri").DisableAutomaticKeyGeneration();
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new DumpedRing(ring));
        return services.BuildServiceProvider().GetDataProtector(Purpose);
    }

    private static async Task<(List<XElement> Ring, string SealedToken)> DumpAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var ring = new List<XElement>();
        await using (var keys = new NpgsqlCommand("select data ->> 'xml' from agri.mt_doc_dataprotectionkey", connection))
        await using (var reader = await keys.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ring.Add(XElement.Parse(reader.GetString(0)));
            }
        }

        await using var tokens = new NpgsqlCommand("select data ->> 'accessToken' from agri.mt_doc_marketplacecredentials limit 1", connection);
        return (ring, (string)(await tokens.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_database_dump_alone_cannot_unseal_a_marketplace_token()
    {
        await using var app = new AgriApp();
        await app.InitializeAsync();
        var lot = await app.PackedLotAsync();
        await (await lot.Farm.Household.PostJson($"/api/v1/households/{lot.Farm.HouseholdId}/marketplace-accounts", new
        {
            marketplace = "shopee",
            shopId = "shop-77",
            accessToken = "plain-access-token-at-rest",
        })).Expect(HttpStatusCode.Created);

        var (ring, sealedToken) = await DumpAsync(app.ConnectionString!);
        ring.Should().NotBeEmpty();
        var ringText = string.Concat(ring.Select(k => k.ToString()));
        ringText.Should().Contain("encryptedSecret").And.NotContain("<masterKey", "every key of the ring is stored encrypted");

        var withoutTheKey = Protector(ring, KeyEncryptionKeys.NewKey());
        withoutTheKey.Invoking(p => p.Unprotect(sealedToken)).Should().Throw<CryptographicException>();

        // The same dump with the key kept outside the database opens the token: the test above failed for the right reason.
        Protector(ring, Convert.FromBase64String(AgriApp.KeyEncryptionKey)).Unprotect(sealedToken).Should().Be("plain-access-token-at-rest");
    }

    [Fact]
    public async Task Keys_an_earlier_version_stored_in_the_clear_are_encrypted_at_start_and_their_tokens_still_open()
    {
        // What the earlier version left: a key ring entry in the clear, and a token sealed with it.
        var earlier = new List<XElement>();
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("HaiDuong.Agri");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new CollectingRing(earlier));
        var sealedToken = services.BuildServiceProvider().GetDataProtector(Purpose).Protect("token-from-before");
        earlier.Should().ContainSingle();
        earlier[0].ToString().Should().Contain("<masterKey");

        string connectionString;
        await using (var first = new AgriApp())
        {
            await first.InitializeAsync();
            connectionString = first.ConnectionString!;
            await using var session = first.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession();
            session.Store(new DataProtectionKey { Id = "key-earlier", Xml = earlier[0].ToString(SaveOptions.DisableFormatting) });
            await session.SaveChangesAsync();
        }

        await using var app = new SameDatabase(connectionString);
        await app.InitializeAsync();
        var tokens = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
        tokens.Unprotect(sealedToken).Should().Be("token-from-before");

        var (ring, _) = await DumpAsync(connectionString);
        string.Concat(ring.Select(k => k.ToString())).Should().NotContain("<masterKey").And.Contain("encryptedSecret");
        Protector(ring, KeyEncryptionKeys.NewKey()).Invoking(p => p.Unprotect(sealedToken)).Should().Throw<CryptographicException>();
    }

    private sealed class CollectingRing(List<XElement> elements) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => elements;

        public void StoreElement(XElement element, string friendlyName) => elements.Add(element);
    }
}
