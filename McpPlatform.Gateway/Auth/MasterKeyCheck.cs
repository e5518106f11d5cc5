using System.Security.Cryptography;
using McpPlatform.Gateway.Admin;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Auth;

/// <summary>
/// Whether a presented key is the master key (<see cref="AdminOptions.MasterKey"/>): SHA-256 digests compared in constant
/// time, so neither the comparison's time nor the key's length tells a guesser anything. Shared by the admin API's bearer
/// authentication and the admin page's login.
/// </summary>
internal sealed class MasterKeyCheck(IOptions<AdminOptions> admin)
{
    private readonly byte[]? digest = admin.Value.MasterKey is { Length: > 0 } key ? KeyHasher.Sha256(key) : null;

    /// <summary>True when a master key is configured.</summary>
    public bool IsConfigured => digest is not null;

    /// <summary>True when <paramref name="presented"/> (surrounding spaces ignored) is the master key; always false without one.</summary>
    public bool Matches(string? presented) =>
        digest is not null
        && presented?.Trim() is { Length: > 0 } candidate
        && CryptographicOperations.FixedTimeEquals(digest, KeyHasher.Sha256(candidate));
}
