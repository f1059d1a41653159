using FluentAssertions;
using HaiDuong.Agri.Api.Dashboard;

namespace HaiDuong.Agri.UnitTests.Dashboard;

/// <summary>The statistics' validation messages as the dashboard shows them next to its filters, in Vietnamese.</summary>
public sealed class DashboardTextTests
{
    [Theory]
    [InlineData("from", "Expected a calendar date written yyyy-MM-dd (between the years 1900 and 9000), such as \"2026-06-01\".",
        "Ngày không hợp lệ: nhập theo dạng năm-tháng-ngày (yyyy-MM-dd) trong khoảng năm 1900 đến 9000, ví dụ 2026-06-01.")]
    [InlineData("from", "Must be on or before to (2026-06-30).", "Ngày bắt đầu phải trước hoặc trùng ngày kết thúc (30/06/2026).")]
    [InlineData("to", "The range may cover at most 366 days.", "Khoảng thời gian dài nhất là 366 ngày.")]
    [InlineData("communeCode", "Must be 1 to 10 digits, such as \"30\" or \"10507\".", "Mã xã chỉ gồm chữ số, ví dụ 10507.")]
    [InlineData("communeCode", "Something new.", "Mã xã không hợp lệ.")]
    [InlineData("to", "Something new.", "Ngày kết thúc không hợp lệ.")]
    [InlineData("lang", "Something new.", "Giá trị không hợp lệ.")]
    public void Each_filter_problem_reads_in_Vietnamese(string field, string message, string expected) =>
        DashboardText.FieldMessage(field, message).Should().Be(expected);

    [Fact]
    public void Dates_and_marketplaces_are_written_as_people_know_them()
    {
        DashboardText.VietnameseDate("2026-06-15").Should().Be("15/06/2026");
        DashboardText.VietnameseDate("15/06/2026").Should().Be("15/06/2026");
        DashboardText.Marketplace("tiktok").Should().Be("TikTok Shop");
        DashboardText.Marketplace("shopee").Should().Be("Shopee");
        DashboardText.Marketplace("tiki").Should().Be("tiki");
    }
}
