using System.Security.Cryptography;
using System.Text;

namespace Econeura.Domain.Common;

/// <summary>Ids derived from a name, for streams that must be the same one whichever process opens them first.</summary>
public static class StableIds
{
    public static Guid From(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        // Version 8 ("custom") and the RFC variant, so the id is a well-formed UUID.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
