using Microsoft.Extensions.Configuration;

namespace McpPlatform.IntegrationTests;

/// <summary>The AppHost's reading of <c>Postgres:Databases:&lt;name&gt;:Schemas</c> (model only, no processes).</summary>
public sealed class SchemaAllowListTests
{
    [Fact]
    public void From_ListOrCommaSeparatedValue_GivesTheNamesOnceEach()
    {
        var list = SchemaAllowList.From(Configuration(("Postgres:Databases:maindb:Schemas:0", "demo"), ("Postgres:Databases:maindb:Schemas:1", "Sales")), "maindb");
        var commaSeparated = SchemaAllowList.From(Configuration(("Postgres:Databases:maindb:Schemas", "demo, Sales,demo")), "maindb");
        var unset = SchemaAllowList.From(Configuration(), "maindb");

        Assert.Equal(["demo", "Sales"], list);
        Assert.Equal(["demo", "Sales"], commaSeparated);
        Assert.Empty(unset);
    }

    [Theory]
    [InlineData("demo,pg_catalog", "'pg_catalog', which is a system schema")]
    [InlineData("information_schema", "'information_schema', which is a system schema")]
    [InlineData("demo,,sales", "'', which is empty")]
    public void From_NameThatCannotBeAUserSchema_IsRefusedNamingTheSetting(string value, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SchemaAllowList.From(Configuration(("Postgres:Databases:maindb:Schemas", value)), "maindb"));

        Assert.Contains($"Postgres:Databases:maindb:Schemas holds {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForDatabase_WithAllowList_GrantsListedSchemasAndRevokesTheOthers()
    {
        var statements = ReadOnlyGrants.ForDatabase("mcp_readonly", "postgres", ["demo", "vault"], ["demo"]).ToList();

        Assert.Contains("GRANT USAGE ON SCHEMA \"demo\" TO \"mcp_readonly\"", statements);
        Assert.Contains("REVOKE ALL ON SCHEMA \"vault\" FROM \"mcp_readonly\"", statements);
        Assert.DoesNotContain(statements, statement => statement.StartsWith("GRANT", StringComparison.Ordinal) && statement.Contains("vault", StringComparison.Ordinal));
        Assert.DoesNotContain(statements, statement => statement.Contains("GRANT USAGE ON SCHEMAS", StringComparison.Ordinal));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value))).Build();
}
