using System.Security.Cryptography;
using System.Text;

namespace McpPlatform.Gateway.Catalog;

/// <summary>
/// How upstream tools are named on the aggregate route: <c>{server}{separator}{tool}</c>, e.g.
/// <c>postgres_main-execute_sql</c>. Names keep to what every client accepts (A-Z a-z 0-9 _ -, at most
/// 64 characters): other characters become <c>_</c>, and a longer name is cut and ends in a hash of the
/// full name, so the same tool always gets the same name.
/// </summary>
public static class ToolNaming
{
    /// <summary>The longest name some clients accept.</summary>
    public const int MaxLength = 64;

    private const int HashLength = 8;

    public static string Namespaced(string server, string tool, string separator)
    {
        ArgumentException.ThrowIfNullOrEmpty(server);
        ArgumentException.ThrowIfNullOrEmpty(tool);

        var full = server + separator + tool;
        var safe = Sanitize(full);
        if (safe.Length <= MaxLength && string.Equals(safe, full, StringComparison.Ordinal))
        {
            return safe;
        }

        if (safe.Length <= MaxLength)
        {
            // Sanitizing can make two names equal (a.b and a_b): the hash keeps them apart.
            safe = safe.Length + HashLength + 1 <= MaxLength ? safe : safe[..(MaxLength - HashLength - 1)];
        }
        else
        {
            safe = safe[..(MaxLength - HashLength - 1)];
        }

        return $"{safe}_{ShortHash(full)}";
    }

    private static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return builder.ToString();
    }

    private static string ShortHash(string name) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..HashLength];
}
