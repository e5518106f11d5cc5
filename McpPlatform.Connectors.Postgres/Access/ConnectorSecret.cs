using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace McpPlatform.Connectors.Postgres.Access;

/// <summary>
/// The configured secret, kept only as its SHA-256. Presented secrets are hashed and compared in constant time: equal-length
/// digests and <see cref="CryptographicOperations.FixedTimeEquals"/> leak neither the secret's length nor a matching prefix.
/// </summary>
internal sealed class ConnectorSecret(IOptions<ConnectorAccessOptions> options)
{
    private readonly byte[]? hash = string.IsNullOrEmpty(options.Value.Secret) ? null : Hash(options.Value.Secret);

    /// <summary>False only in Development without <c>Connector:Secret</c> (validation refuses that elsewhere).</summary>
    public bool IsConfigured => hash is not null;

    public bool Matches(string presented) =>
        hash is not null && CryptographicOperations.FixedTimeEquals(Hash(presented), hash);

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
