namespace HaiDuong.Agri.Api.Desk;

/// <summary>What every desk page shows around its content: whose desk it is, the anti-forgery token its forms send, where it is, and a confirmation.</summary>
public sealed record DeskChrome(string CooperativeName, string Csrf, string Section, string? Flash);
