using System.Net;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Access;

public sealed class ApiKeyTests(AgriApp app) : IClassFixture<AgriApp>
{
    [Fact]
    public async Task An_issued_key_works_until_it_is_revoked()
    {
        var cooperativeId = await app.CooperativeAsync();
        var response = await app.Admin().PostJson("/api/v1/api-keys", new { role = "cooperative", cooperativeId, label = "HTX văn phòng" });
        var created = await response.Expect(HttpStatusCode.Created);
        var key = created["key"]!.GetValue<string>();
        key.Should().StartWith("agri_").And.HaveLength(48);
        created["role"]!.GetValue<string>().Should().Be("cooperative");
        response.Headers.Location!.ToString().Should().Be($"/api/v1/api-keys/{created.Id()}");

        var client = app.As(key);
        await (await client.GetAsync($"/api/v1/cooperatives/{cooperativeId}")).Expect(HttpStatusCode.OK);

        var revoke = await app.Admin().Send(HttpMethod.Delete, $"/api/v1/api-keys/{created.Id()}", null);
        revoke.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await client.GetAsync($"/api/v1/cooperatives/{cooperativeId}")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await app.Admin().Send(HttpMethod.Delete, $"/api/v1/api-keys/{created.Id()}", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await app.Admin().Send(HttpMethod.Delete, $"/api/v1/api-keys/{Guid.NewGuid()}", null)).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_replayed_key_creation_does_not_show_the_secret_again_or_issue_a_second_key()
    {
        var householdId = await app.HouseholdAsync(null);
        var idempotency = ("Idempotency-Key", Guid.NewGuid().ToString());
        var request = new { role = "household", householdId, label = "Điện thoại" };
        var first = await (await app.Admin().PostJson("/api/v1/api-keys", request, idempotency)).Expect(HttpStatusCode.Created);
        var replay = await (await app.Admin().PostJson("/api/v1/api-keys", request, idempotency)).Expect(HttpStatusCode.Created);
        replay.Id().Should().Be(first.Id());
        first["key"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        replay["key"].Should().BeNull();
    }

    [Theory]
    [InlineData("""{"label":"x"}""", "role")]
    [InlineData("""{"role":"household","label":"x"}""", "householdId")]
    [InlineData("""{"role":"cooperative","label":"x"}""", "cooperativeId")]
    [InlineData("""{"role":"auditor","label":"x"}""", "certificationBodyId")]
    [InlineData("""{"role":"marketplace","marketplace":"amazon","label":"x"}""", "marketplace")]
    [InlineData("""{"role":"admin","marketplace":"shopee","label":"x"}""", "marketplace")]
    [InlineData("""{"role":"superuser","label":"x"}""", "role")]
    [InlineData("""{"role":"admin"}""", "label")]
    [InlineData("""{"role":"household","householdId":"nope","label":"x"}""", "householdId")]
    public async Task A_key_request_without_its_scope_is_a_400_naming_the_field(string body, string field)
    {
        await (await app.Admin().Send(HttpMethod.Post, "/api/v1/api-keys", body)).ExpectFieldErrors(field);
    }

    [Fact]
    public async Task A_key_for_an_unknown_household_is_404_naming_the_field()
    {
        var problem = await (await app.Admin().PostJson("/api/v1/api-keys", new { role = "household", householdId = Guid.NewGuid(), label = "x" }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
        problem["errors"]!["householdId"].Should().NotBeNull();
    }

    [Fact]
    public async Task Only_admins_issue_keys_and_unknown_keys_are_401()
    {
        var farm = await app.FarmAsync();
        await (await farm.Cooperative.PostJson("/api/v1/api-keys", new { role = "admin", label = "x" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await app.As("agri_not_a_real_key").GetAsync($"/api/v1/households/{farm.HouseholdId}"))
            .ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        var noBearer = await app.Anonymous().Send(HttpMethod.Get, $"/api/v1/households/{farm.HouseholdId}", null, ("Authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l"));
        await noBearer.ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        noBearer.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
    }

    [Fact]
    public async Task Keys_are_stored_hashed()
    {
        var householdId = await app.HouseholdAsync(null);
        var secret = await app.KeyAsync(new { role = "household", householdId, label = "x" });
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("select count(*) from agri.mt_doc_apikey where data::text like @secret", connection);
        command.Parameters.AddWithValue("secret", "%" + secret + "%");
        ((long)(await command.ExecuteScalarAsync())!).Should().Be(0);
        await using var all = new Npgsql.NpgsqlCommand("select count(*) from agri.mt_doc_apikey", connection);
        ((long)(await all.ExecuteScalarAsync())!).Should().BeGreaterThan(0);
    }
}
