using FluentAssertions;
using HaiDuong.Agri.Api.Desk;
using HaiDuong.Agri.Api.Infrastructure.Validation;
using HaiDuong.Agri.Domain.Households;
using NodaTime;

namespace HaiDuong.Agri.IntegrationTests.Desk;

/// <summary>The desk's Vietnamese for the validator's messages: every message a desk form can meet has its own rendering.</summary>
public sealed class DeskTextTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 7, 1, 3, 0);

    public static TheoryData<string> Messages()
    {
        var v = new Validator(Now);
        v.Text("missing", null, required: true, maxLength: 10);
        v.Text("empty", "   ", required: true, maxLength: 10);
        v.Text("long", new string('a', 11), required: true, maxLength: 10);
        v.Text("control", "a\u0001b", required: true, maxLength: 10);
        v.Digits("digits", "12a", required: true);
        v.Phone("phone", "09123", required: true);
        v.Range("units", 0, 1, 1_000_000, required: true);
        v.Range("price", 0L, 1L, 1_000_000_000L, required: true);
        v.Positive("kg", 0m, 100_000m);
        v.FieldDate("future", new LocalDate(2026, 7, 9));
        v.Date("date", "31/02/2026", required: true);
        v.Gtin("gtinDigits", "89312345678ab");
        v.Gtin("gtinLength", "123");
        v.Gtin("gtinCheck", "8931234567890");
        v.Gtin("gtinMissing", null);
        v.Choice<Milestone>("stage", "famous");
        var data = new TheoryData<string>();
        foreach (var message in v.Errors.SelectMany(e => e.Value).Distinct())
        {
            data.Add(message);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_validator_message_on_a_desk_form_reads_in_Vietnamese(string english)
    {
        var vietnamese = DeskText.Field(english);
        vietnamese.Should().NotStartWith("Giá trị không hợp lệ (", "'{0}' needs its Vietnamese in DeskText", english);
        vietnamese.Should().NotContain("must", "it is Vietnamese").And.NotContain("field");
    }

    [Fact]
    public void A_message_the_desk_does_not_know_still_reads_in_Vietnamese_with_the_English_after_it() =>
        DeskText.Field("Something new.").Should().Be("Giá trị không hợp lệ (Something new.)");

    [Theory]
    [InlineData("Commune 99999 is not in the register of province 31 (Thành phố Hải Phòng); GET /api/v1/regions/31/communes lists its communes.",
        "Xã/phường mã 99999 không có trong danh mục đơn vị hành chính của tỉnh/thành phố.")]
    [InlineData("The check digit is wrong: for 893123456789 it is 7.", "Số kiểm tra sai: với 893123456789 thì số cuối phải là 7.")]
    [InlineData("At most 200 characters.", "Tối đa 200 ký tự.")]
    public void Messages_with_data_keep_it(string english, string vietnamese) => DeskText.Field(english).Should().Be(vietnamese);
}
