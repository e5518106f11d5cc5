using System.Text;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>
/// The schemas of a database the Postgres connector serves: <c>Postgres:Databases:&lt;name&gt;:Schemas</c> in the
/// AppHost's configuration (a list, or one comma-separated value), the same setting the connector reads. The AppHost
/// grants the read-only role only these schemas and passes the list on to the connector. Empty: every user schema.
/// </summary>
internal static class SchemaAllowList
{
    /// <summary>The allowed schemas of <paramref name="database"/>, validated; empty when none are listed.</summary>
    public static IReadOnlyList<string> From(IConfiguration configuration, string database)
    {
        var setting = $"Postgres:Databases:{database}:Schemas";
        var section = configuration.GetSection(setting);
        var names = string.IsNullOrWhiteSpace(section.Value)
            ? section.GetChildren().Select(child => child.Value).ToList()
            : [.. section.Value.Split(',', StringSplitOptions.TrimEntries)];

        var allowed = new List<string>();
        foreach (var name in names)
        {
            if (Invalid(name) is { } reason)
            {
                throw new InvalidOperationException($"{setting} holds '{name}', which {reason}. List schema names exactly as PostgreSQL stores them (unquoted names are lower case), e.g. 'public' or 'sales'.");
            }

            if (!allowed.Contains(name!, StringComparer.Ordinal))
            {
                allowed.Add(name!);
            }
        }

        return allowed;
    }

    // The connector refuses the same names (McpPlatform.Connectors.Postgres/Databases/SchemaScope.cs). A system
    // schema would be fatal here: GRANT SELECT ON ALL TABLES IN SCHEMA pg_catalog includes pg_authid.
    private static string? Invalid(string? name) => name switch
    {
        null or "" => "is empty",
        _ when string.IsNullOrWhiteSpace(name) || name.Trim() != name => "begins or ends with white space",
        _ when name.Contains('\0', StringComparison.Ordinal) || name.Contains(',', StringComparison.Ordinal) => "holds a NUL character or a comma",
        _ when Encoding.UTF8.GetByteCount(name) > 63 => "is longer than PostgreSQL's 63 bytes",
        _ when name.StartsWith("pg_", StringComparison.Ordinal) || name == "information_schema" => "is a system schema, never a user schema to serve",
        _ => null,
    };
}
