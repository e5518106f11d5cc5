using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace McpPlatform.Gateway.Storage;

/// <summary>
/// One schema change of the gateway database: an SQL file <c>Storage/Migrations/NNNN_name.sql</c> embedded in the
/// assembly. Applied once, in version order, and recorded in <c>schema_migrations</c> with its checksum.
/// </summary>
/// <param name="Version">The number the file name starts with.</param>
/// <param name="Name">The rest of the file name.</param>
/// <param name="Sql">The statements.</param>
public sealed partial record Migration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "migrations/";

    /// <summary>SHA-256 of the SQL (line endings normalized): a migration edited after it was applied is refused.</summary>
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    /// <summary>The migrations embedded in the gateway, in version order.</summary>
    public static IReadOnlyList<Migration> Embedded { get; } = Load(typeof(Migration).Assembly);

    private static List<Migration> Load(Assembly assembly)
    {
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var match = FileName().Match(resource[ResourcePrefix.Length..]);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration '{resource}' must be named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        if (migrations.Select(m => m.Version).Distinct().Count() != migrations.Count)
        {
            throw new InvalidOperationException("Two migrations have the same version number.");
        }

        return migrations;
    }

    [GeneratedRegex(@"^([0-9]{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
