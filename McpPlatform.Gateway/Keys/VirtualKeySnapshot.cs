using System.Collections.Frozen;

namespace McpPlatform.Gateway.Keys;

/// <summary>Every virtual key as of one version of the table, indexed by key digest and by id: lookups are one probe.</summary>
public sealed class VirtualKeySnapshot
{
    private readonly FrozenDictionary<string, VirtualKey> byDigest;
    private readonly FrozenDictionary<string, VirtualKey> byId;

    public VirtualKeySnapshot(long version, IReadOnlyList<VirtualKey> keys)
    {
        Version = version;
        Keys = keys;
        byDigest = keys.ToFrozenDictionary(key => key.KeySha256, StringComparer.Ordinal);
        byId = keys.ToFrozenDictionary(key => key.Id, StringComparer.Ordinal);
    }

    /// <summary>Before the first load: no key, version -1.</summary>
    public static VirtualKeySnapshot Empty { get; } = new(-1, []);

    /// <summary>The table's change counter this snapshot was read at (-1: never loaded).</summary>
    public long Version { get; }

    /// <summary>Every key, revoked, disabled and expired ones included.</summary>
    public IReadOnlyList<VirtualKey> Keys { get; }

    /// <summary>
    /// The key whose SHA-256 (64 lowercase hex digits) this is, whatever its status. A hash-table probe on a digest leaks
    /// nothing useful through timing: a caller can only steer the digest by finding SHA-256 preimages.
    /// </summary>
    public VirtualKey? FindByDigest(string sha256Hex) => byDigest.GetValueOrDefault(sha256Hex);

    /// <summary>The key with this id, whatever its status.</summary>
    public VirtualKey? FindById(string id) => byId.GetValueOrDefault(id);
}
