using McpPlatform.Connectors.Postgres.Tests.Differential;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Connectors.Postgres.Tests.Results;

/// <summary>
/// The built connector as a real MCP server over stdio, on a real PostgreSQL: the text content of its tool results is
/// what docs/postgres-connector.md promises a model, and the structured content still carries the typed JSON.
/// </summary>
[Collection(ProbeDatabase.Collection)]
public sealed class ReadableResultsTests(ProbeDatabase database)
{
    [Fact]
    public async Task ExecuteSql_OnRealPostgres_TextShowsEveryValueVerbatimInUtf8()
    {
        await using var client = await ConnectAsync();

        var result = await client.CallToolAsync("execute_sql", new Dictionary<string, object?>
        {
            ["sql"] = "SELECT id, name, city, score, doc, tags, created, NULL::text AS nothing, 'NULL' AS word, E'a\\tb' AS tab FROM public.people ORDER BY id",
        });

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(
            """
            3 rows
            id:integer	name:text	city:text	score:numeric	doc:jsonb	tags:text[]	created:timestamptz	nothing:text	word:text	tab:text
            1	José García	Madrid	3.5	{"a":{"b":1},"k":"v"}	["x","y"]	2026-01-01T07:00:00Z	NULL	"NULL"	"a\tb"
            2	東京 太郎	Tokyo	4.25	{"k":"w"}	["y"]	2026-02-01T08:00:00Z	NULL	"NULL"	"a\tb"
            3	Zoë O'Brien	Dublin	1	{}	[]	2026-03-01T09:00:00Z	NULL	"NULL"	"a\tb"
            """.ReplaceLineEndings("\n"),
            Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        var rows = result.StructuredContent!.Value.GetProperty("rows");
        Assert.Equal("東京 太郎", rows[1].GetProperty("name").GetString());
        Assert.Equal("2026-01-01T07:00:00.0000000Z", rows[0].GetProperty("created").GetString()); // the typed JSON as before
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rows[0].GetProperty("nothing").ValueKind);
    }

    [Fact]
    public async Task GetObjectDetails_OnRealPostgres_TextIsATableOfColumns()
    {
        await using var client = await ConnectAsync();

        var result = await client.CallToolAsync("get_object_details", new Dictionary<string, object?> { ["schema"] = "public", ["name"] = "people" });

        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.Contains("\ncolumns: 7 rows\nname\ttype\tnullable\tdefault\tidentity\tcomment\nid\tinteger\tfalse\tNULL\tfalse\tNULL\n", text);
        Assert.Contains("\nname\ttext\tfalse\tNULL\tfalse\tNULL\n", text);
        Assert.Equal(7, result.StructuredContent!.Value.GetProperty("columns").GetArrayLength());
    }

    private Task<McpClient> ConnectAsync() =>
        McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "connector",
            Command = "dotnet",
            Arguments = [Path.Combine(AppContext.BaseDirectory, "McpPlatform.Connectors.Postgres.dll"), "--stdio"],
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["ConnectionStrings__maindb"] = database.ReaderConnectionString,
                ["DOTNET_ENVIRONMENT"] = "Production",
            },
        }));
}
