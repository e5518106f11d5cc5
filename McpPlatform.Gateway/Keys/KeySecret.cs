using System.Security.Cryptography;
using McpPlatform.Gateway.Auth;

namespace McpPlatform.Gateway.Keys;

/// <summary>
/// New virtual key ids and keys, and the digest a key is stored and found by.
/// <para>
/// A key is <c>mcp_</c> + 8 random characters (its public prefix) + <c>_</c> + 43 random characters from
/// <c>A-Z a-z 0-9</c> (62^43 ≈ 2^256). It is stored as plain SHA-256, like configuration keys (<see cref="KeyHasher"/>):
/// salts, peppers and slow hashes protect low-entropy secrets (passwords) against guessing from a stolen hash; a
/// 256-bit random key cannot be guessed from its SHA-256 at any speed, and a pepper would tie every key to one more
/// secret that all gateway processes must share and that could never change without invalidating every key. An
/// unsalted digest also lets a lookup be one dictionary probe, with no per-key hash to try.
/// </para>
/// </summary>
internal static class KeySecret
{
    public const string KeyStart = "mcp_";
    public const string IdStart = "vk_";

    /// <summary>Lowercase letters and digits without 0/1/l/o, which people misread: 32 symbols, 5 bits each.</summary>
    private const string ReadableAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new key id: <c>vk_</c> + 12 characters (60 bits).</summary>
    public static string NewId() => IdStart + RandomNumberGenerator.GetString(ReadableAlphabet, 12);

    /// <summary>A new key and its public prefix (<c>mcp_</c> + 8 characters, 40 bits, unique in the table).</summary>
    public static (string Key, string Prefix) NewKey()
    {
        var prefix = KeyStart + RandomNumberGenerator.GetString(ReadableAlphabet, 8);
        return ($"{prefix}_{RandomNumberGenerator.GetString(SecretAlphabet, 43)}", prefix);
    }

    /// <summary>The stored form of a key (32 bytes).</summary>
    public static byte[] Digest(string key) => KeyHasher.Sha256(key);

    /// <summary>The digest as lookups compare it (64 lowercase hex digits).</summary>
    public static string DigestHex(string key) => KeyHasher.Sha256Hex(key);
}
