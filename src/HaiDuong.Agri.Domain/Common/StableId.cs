using System.Security.Cryptography;
using System.Text;

namespace HaiDuong.Agri.Domain.Common;

/// <summary>
/// A GUID that is a function of a name (an RFC 9562 version 8 UUID from SHA-256): the same name gives the same id on every
/// retry, restart and instance — for ids that must not change when a command or a delivery is repeated.
/// </summary>
public static class StableId
{
    public static Guid From(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
