using HaiDuong.Agri.Api.Infrastructure.Marten;

namespace HaiDuong.Agri.Api.Infrastructure.Auth;

public static class AdminKeySetup
{
    public const int MinimumLength = 32;

    /// <summary>
    /// The admin key's secret: <c>Agri:AdminApiKey</c> when set. Otherwise one is generated, kept beside the embedded database
    /// (so it survives restarts) and printed at start-up; with an external database and no key, a new one per run.
    /// </summary>
    public static string Resolve(IConfiguration configuration, EmbeddedDatabase database)
    {
        if (configuration["Agri:AdminApiKey"] is { Length: > 0 } configured)
        {
            return configured.Length >= MinimumLength && !configured.StartsWith("change-me", StringComparison.OrdinalIgnoreCase)
                ? configured
                : throw new InvalidOperationException(
                    $"Agri:AdminApiKey must be a secret of at least {MinimumLength} characters (for example: openssl rand -hex 32); the configured one is too weak to protect the admin role.");
        }

        var secret = ApiKeySecrets.Generate();
        if (EmbeddedDatabase.IsOpenApiGenerator)
        {
            return secret;
        }

        if (database.Server is not null)
        {
            var file = Path.Combine(Path.GetDirectoryName(database.Server.DataDirectory)!, "admin-api-key");
            if (File.Exists(file))
            {
                secret = File.ReadAllText(file).Trim();
            }
            else
            {
                File.WriteAllText(file, secret);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            Console.WriteLine($"Admin API key (Agri:AdminApiKey is not set; kept in {file}): {secret}");
        }
        else
        {
            Console.WriteLine($"Admin API key for this run only (set Agri:AdminApiKey to keep one): {secret}");
        }

        return secret;
    }
}
