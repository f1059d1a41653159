using System.Security.Cryptography;
using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace HaiDuong.Agri.Api.Infrastructure.Marten;

/// <summary>One ASP.NET Data Protection key ring entry, kept in the database so every instance and restart decrypts alike.</summary>
public sealed class DataProtectionKey
{
    public string Id { get; set; } = "";

    public string Xml { get; set; } = "";
}

/// <summary>
/// Data Protection with its key ring in PostgreSQL — secrets sealed by one instance are readable by the others and after a
/// restart — and every key of the ring encrypted with a key-encryption key kept outside the database
/// (<see cref="KeyEncryptionKeys"/>), so a dump of the database alone never unseals a marketplace token. Keys an earlier
/// version stored unencrypted are encrypted in place the first time the ring is read.
/// </summary>
public sealed class DataProtectionKeys(IDocumentStore store, KeyEncryptionKeys keys) : IXmlRepository
{
    public static void AddTo(IServiceCollection services, KeyEncryptionKeys keys)
    {
        services.AddSingleton(keys);
        services.AddDataProtection().SetApplicationName("HaiDuong.Agri");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new DataProtectionKeys(sp.GetRequiredService<IDocumentStore>(), keys);
            o.XmlEncryptor = new KeyRingEncryptor(keys);
        }));
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        // The interface is synchronous; Data Protection reads the ring rarely (start-up, then about daily) and off hot paths.
        using var session = store.LightweightSession();
        var stored = session.Query<DataProtectionKey>().ToListAsync().GetAwaiter().GetResult();
        var elements = new List<XElement>();
        foreach (var key in stored)
        {
            var element = XElement.Parse(key.Xml);
            if (KeyRingEncryptor.EncryptSecrets(element, keys))
            {
                session.Store(new DataProtectionKey { Id = key.Id, Xml = element.ToString(SaveOptions.DisableFormatting) });
            }

            elements.Add(element);
        }

        session.SaveChangesAsync().GetAwaiter().GetResult();
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var session = store.LightweightSession();
        session.Store(new DataProtectionKey { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        session.SaveChangesAsync().GetAwaiter().GetResult();
    }
}

/// <summary>
/// The key-encryption keys (256-bit AES): the current one seals new Data Protection keys, and it or any previous one opens
/// them, so a key-encryption key can be rotated without losing the ring. Each sealed key names the key-encryption key
/// (by a short hash) it was sealed with.
/// </summary>
public sealed class KeyEncryptionKeys
{
    public const int KeyBytes = 32;
    public const string FileName = "data-protection.key";

    private readonly Dictionary<string, byte[]> byId;

    public KeyEncryptionKeys(byte[] current, IEnumerable<byte[]> previous)
    {
        var all = new[] { current }.Concat(previous).ToList();
        if (all.Any(k => k.Length != KeyBytes))
        {
            throw new InvalidOperationException($"A data protection key-encryption key must be {KeyBytes} bytes (base64 of 32 random bytes: openssl rand -base64 32).");
        }

        Current = current;
        CurrentId = IdOf(current);
        byId = all.DistinctBy(IdOf).ToDictionary(IdOf, k => k);
    }

    public byte[] Current { get; }

    public string CurrentId { get; }

    public byte[]? Find(string id) => byId.GetValueOrDefault(id);

    public static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeyBytes);

    /// <summary>
    /// <c>Agri:DataProtection:Key</c> (base64) when set; else the file <c>Agri:DataProtection:KeyFile</c>, created when
    /// missing; else, with the embedded database, <c>data-protection.key</c> beside its data folder. With an external database
    /// one of the two settings is required: instances that each made up their own key could not read each other's tokens.
    /// <c>Agri:DataProtection:PreviousKeys</c> (base64, comma-separated) keeps rotated-out keys able to open the ring.
    /// </summary>
    public static KeyEncryptionKeys Resolve(IConfiguration configuration, EmbeddedDatabase database)
    {
        var previous = (configuration["Agri:DataProtection:PreviousKeys"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => Decode(k, "Agri:DataProtection:PreviousKeys"))
            .ToList();
        if (configuration["Agri:DataProtection:Key"] is { Length: > 0 } configured)
        {
            return new KeyEncryptionKeys(Decode(configured, "Agri:DataProtection:Key"), previous);
        }

        var file = configuration["Agri:DataProtection:KeyFile"] is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : database.Server is { } server
                ? Path.Combine(Path.GetDirectoryName(server.DataDirectory)!, FileName)
                : EmbeddedDatabase.IsOpenApiGenerator
                    ? null
                    : throw new InvalidOperationException(
                        "With ConnectionStrings:Marten set, say where the key that encrypts the data protection key ring lives: " +
                        "Agri:DataProtection:Key (base64 of 32 random bytes, from a secret store) or Agri:DataProtection:KeyFile (a file kept " +
                        "outside the database and its backups, created when missing). Every instance must use the same key.");
        return new KeyEncryptionKeys(file is null ? NewKey() : ReadOrCreate(file), previous);
    }

    private static byte[] ReadOrCreate(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        try
        {
            // CreateNew: of two instances starting at once on one folder, one writes the key and the other reads it.
            using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            var key = NewKey();
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(key));
            return key;
        }
        catch (IOException) when (File.Exists(file))
        {
            for (var attempt = 0; ; attempt++)
            {
                var text = File.ReadAllText(file).Trim();
                if (text.Length > 0 || attempt == 50)
                {
                    return Decode(text, file);
                }

                Thread.Sleep(20);
            }
        }
    }

    private static byte[] Decode(string base64, string source)
    {
        try
        {
            return Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{source} is not base64 (expected 32 random bytes: openssl rand -base64 32).");
        }
    }
}

/// <summary>Seals a Data Protection key with the current key-encryption key (AES-256-GCM).</summary>
public sealed class KeyRingEncryptor(KeyEncryptionKeys keys) : IXmlEncryptor
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(keys.Current, tag.Length))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag);
        }

        var sealedKey = new XElement(
            "sealedKey",
            new XAttribute("kek", keys.CurrentId),
            new XElement("nonce", Convert.ToBase64String(nonce)),
            new XElement("ciphertext", Convert.ToBase64String(ciphertext)),
            new XElement("tag", Convert.ToBase64String(tag)));
        return new EncryptedXmlInfo(sealedKey, typeof(KeyRingDecryptor));
    }

    /// <summary>
    /// Encrypts, in place, the parts of a stored key that Data Protection marks as needing encryption but an earlier version
    /// kept in the clear (as Data Protection itself would have when the key was made). Answers whether anything changed.
    /// </summary>
    public static bool EncryptSecrets(XElement key, KeyEncryptionKeys keys)
    {
        var clear = key.Descendants()
            .Where(e => (bool?)e.Attribute(DataProtection + "requiresEncryption") == true)
            .ToList();
        var encryptor = new KeyRingEncryptor(keys);
        foreach (var element in clear)
        {
            var info = encryptor.Encrypt(element);
            element.ReplaceWith(new XElement(
                DataProtection + "encryptedSecret",
                new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!),
                info.EncryptedElement));
        }

        return clear.Count > 0;
    }
}

/// <summary>Opens a Data Protection key sealed by <see cref="KeyRingEncryptor"/>, with whichever key-encryption key sealed it.</summary>
public sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var keys = services.GetRequiredService<KeyEncryptionKeys>();
        var id = (string?)encryptedElement.Attribute("kek") ?? "";
        var key = keys.Find(id) ?? throw new CryptographicException(
            $"The data protection key ring was sealed with key-encryption key {id}, which is not configured (Agri:DataProtection:Key, KeyFile or PreviousKeys).");
        var nonce = Convert.FromBase64String((string)encryptedElement.Element("nonce")!);
        var ciphertext = Convert.FromBase64String((string)encryptedElement.Element("ciphertext")!);
        var tag = Convert.FromBase64String((string)encryptedElement.Element("tag")!);
        var plaintext = new byte[ciphertext.Length];
        using (var aes = new AesGcm(key, tag.Length))
        {
            aes.Decrypt(nonce, ciphertext, tag, plaintext);
        }

        return XElement.Parse(System.Text.Encoding.UTF8.GetString(plaintext));
    }
}
