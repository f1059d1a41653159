using System.Text;
using FluentAssertions;
using HaiDuong.Agri.Marketplaces.Signing;

namespace HaiDuong.Agri.UnitTests.Marketplaces;

public sealed class SigningTests
{
    [Fact]
    public void Shopee_signs_partner_id_path_timestamp_token_and_shop_as_the_vector_says()
    {
        const string expected = "3c26ebca81f55aba7bcf68ff87e784784d42db68e0acc8d42b6d419342a5fd8e";
        ShopeeSigner.Sign("2001887/api/v2/product/update_stock165571443159777174636562737266615546704c6d14701711", "test-partner-key")
            .Should().Be(expected);
        ShopeeSigner.Sign(2001887, "/api/v2/product/update_stock", 1655714431, "59777174636562737266615546704c6d", "14701711", "test-partner-key")
            .Should().Be(expected);
        ShopeeSigner.Verify(2001887, "/api/v2/product/update_stock", 1655714431, "59777174636562737266615546704c6d", "14701711", "test-partner-key", expected)
            .Should().BeTrue();
        ShopeeSigner.Verify(2001887, "/api/v2/product/update_stock", 1655714432, "59777174636562737266615546704c6d", "14701711", "test-partner-key", expected)
            .Should().BeFalse("the timestamp is signed");
    }

    [Fact]
    public void Lazada_sorts_the_parameters_prefixes_the_path_and_answers_uppercase_hex_as_the_official_vector_says()
    {
        Dictionary<string, string> parameters = new()
        {
            ["timestamp"] = "1517820392000",
            ["sign_method"] = "sha256",
            ["order_id"] = "1234",
            ["app_key"] = "123456",
            ["access_token"] = "test",
            ["sign"] = "whatever was sent is not signed",
        };

        var sign = LazadaSigner.Sign("/order/get", parameters, "helloworld");

        sign.Should().Be("4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A");
        LazadaSigner.Verify("/order/get", parameters, "helloworld", sign).Should().BeTrue();
        parameters["order_id"] = "1235";
        LazadaSigner.Verify("/order/get", parameters, "helloworld", sign).Should().BeFalse();
    }

    [Fact]
    public void TikTok_wraps_path_sorted_query_and_body_in_the_secret_leaving_out_sign_and_access_token_as_the_vector_says()
    {
        Dictionary<string, string> query = new()
        {
            ["timestamp"] = "1234567890",
            ["app_key"] = "123456",
            ["access_token"] = "not signed",
            ["sign"] = "not signed either",
        };

        TikTokSigner.Sign("/authorization/202309/shops", query, [], "abc000def111")
            .Should().Be("c8767e4fd7a1b48a0ce3fd23197f058159ce11b53f1ae1ad6d1ec931a1da5540");
    }

    [Fact]
    public void TikTok_signs_the_raw_UTF8_body_after_the_query()
    {
        Dictionary<string, string> query = new()
        {
            ["app_key"] = "123456",
            ["timestamp"] = "1234567890",
            ["shop_cipher"] = "ROW_abc",
            ["idempotency_key"] = "5f0c8a4e-0000-4000-8000-000000000001",
        };
        var body = Encoding.UTF8.GetBytes("""{"title":"Vải thiều"}""");

        // Computed independently (Python hmac) from secret + path + sorted key+value + body + secret.
        const string expected = "d6891e49c02376b8743617159b6948d91954bb81280f570711446cb76bf9911a";
        TikTokSigner.Sign("/product/202309/products", query, body, "abc000def111").Should().Be(expected);
        TikTokSigner.Verify("/product/202309/products", query, body, "abc000def111", expected).Should().BeTrue();
        body[^2] ^= 1;
        TikTokSigner.Verify("/product/202309/products", query, body, "abc000def111", expected).Should().BeFalse("the body is signed");
    }

    [Fact]
    public void Webhook_signature_is_sha256_prefixed_HMAC_of_the_raw_body_as_RFC_4231_test_case_2()
    {
        var body = Encoding.ASCII.GetBytes("what do ya want for nothing?");

        var signature = WebhookSigner.Sign(body, "Jefe");

        signature.Should().Be("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        WebhookSigner.Verify(body, "Jefe", signature).Should().BeTrue();
        WebhookSigner.Verify(body, "Jefe", signature.ToUpperInvariant()).Should().BeFalse("the prefix is lowercase");
        WebhookSigner.Verify(body, "jefe", signature).Should().BeFalse();
        WebhookSigner.Verify(body, "Jefe", signature[7..]).Should().BeFalse("the sha256= prefix is required");
        WebhookSigner.Verify(body, "Jefe", null).Should().BeFalse();
    }
}
