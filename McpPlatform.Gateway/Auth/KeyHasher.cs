using System.Security.Cryptography;
using System.Text;

namespace McpPlatform.Gateway.Auth;

/// <summary>Keys are kept and compared only as SHA-256 digests.</summary>
internal static class KeyHasher
{
    public static byte[] Sha256(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string Sha256Hex(string key) => Convert.ToHexStringLower(Sha256(key));
}
