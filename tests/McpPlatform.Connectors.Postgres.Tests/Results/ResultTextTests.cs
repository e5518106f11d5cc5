using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.Connectors.Postgres.Results;
using McpPlatform.Connectors.Postgres.Sql;
using McpPlatform.Connectors.Postgres.Tools;
using ModelContextProtocol;

namespace McpPlatform.Connectors.Postgres.Tests.Results;

public sealed class ResultTextTests
{
    /// <summary>How the SDK serializes our tools' results into structured content (the connector's tool options).</summary>
    private static readonly JsonSerializerOptions ToolJson = new(McpJsonUtilities.DefaultOptions)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
    };

    [Fact]
    public void Render_QueryResult_IsCountHeaderAndOneLinePerRow()
    {
        var result = Query(
            [new("id", "integer"), new("name", "text"), new("signed_up", "timestamp with time zone"), new("note", "text")],
            [1, "José García", "2026-01-01T07:00:00.0000000Z", null],
            [2, "東京 太郎", "2026-01-01T07:00:00.2500000Z", "NULL"],
            [3, "Zoë O'Brien", "2026-01-01T07:00:00.0000000Z", "two\nlines"]);

        var text = ResultText.Render(result);

        Assert.Equal(
            """
            3 rows
            id:integer	name:text	signed_up:timestamptz	note:text
            1	José García	2026-01-01T07:00:00Z	NULL
            2	東京 太郎	2026-01-01T07:00:00.25Z	"NULL"
            3	Zoë O'Brien	2026-01-01T07:00:00Z	"two\nlines"
            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Render_TruncatedQueryResult_StartsWithTheNote()
    {
        var result = JsonSerializer.SerializeToElement(
            new QueryResult([new("g", "integer")], [new JsonObject { ["g"] = 1 }], 1, true, "Result truncated at the row cap of 1: 1 rows returned. Narrow the query."),
            ToolJson);

        var text = ResultText.Render(result);

        Assert.Equal("Result truncated at the row cap of 1: 1 rows returned. Narrow the query.\ng:integer\n1", text);
    }

    [Fact]
    public void Render_RepeatedColumnNames_ReadTheirOwnValues()
    {
        var result = Query([new("x", "integer"), new("x", "text")], [1, "one"]);

        Assert.Equal("1 row\nx:integer\tx:text\n1\tone", ResultText.Render(result));
    }

    [Fact]
    public void Render_NoRowsAndNoColumns_SaysSo()
    {
        Assert.Equal("0 rows\nn:bigint", ResultText.Render(Query([new("n", "bigint")])));
        Assert.Equal("0 rows (no columns)", ResultText.Render(JsonSerializer.SerializeToElement(ResultReader.Empty, ToolJson)));
    }

    [Fact]
    public void Render_HardTables_ReadBackAsTheyWere()
    {
        // Property: any column names and text values (NULL included) come back from the text by the documented rule.
        var values = new HardValues(seed: 16);
        for (var table = 0; table < 300; table++)
        {
            var columns = Enumerable.Range(0, values.Count(1, 6))
                .Select(_ => new QueryColumn(values.Next(allowNull: false, loneSurrogates: false)!, "text")).ToList();
            var rows = Enumerable.Range(0, values.Count(0, 12))
                .Select(_ => columns.Select(_ => (object?)values.Next(loneSurrogates: false)).ToArray()).ToArray();

            var read = TableText.Read(ResultText.Render(Query(columns, rows)));

            Assert.Equal(rows.Length == 1 ? "1 row" : $"{rows.Length} rows", read.FirstLine);
            Assert.Equal(columns.Select(column => (column.Name, "text")), read.Columns);
            Assert.Equal(rows.Length, read.Rows.Count);
            for (var r = 0; r < rows.Length; r++)
            {
                Assert.Equal(rows[r].Cast<string?>(), read.Rows[r]);
            }
        }
    }

    [Fact]
    public void Render_OtherResult_IsNameValueLinesAndTables()
    {
        var details = JsonSerializer.SerializeToElement(
            new ObjectDetails(
                "maindb", "public", "people", "table",
                new JsonObject { ["relkind"] = "r", ["row_estimate"] = 3, ["comment"] = "Kunden · 顧客" },
                [new JsonObject { ["name"] = "id", ["type"] = "integer", ["nullable"] = false, ["default"] = null },
                 new JsonObject { ["name"] = "name", ["type"] = "text", ["nullable"] = true, ["default"] = "'NULL'::text" }],
                [],
                null,
                "SELECT 1\nFROM t"),
            ToolJson);

        var text = ResultText.Render(details);

        Assert.Equal(
            """
            database: maindb
            schema: public
            name: people
            objectType: table
            summary: {"relkind":"r","row_estimate":3,"comment":"Kunden · 顧客"}
            columns: 2 rows
            name	type	nullable	default
            id	integer	false	NULL
            name	text	true	'NULL'::text
            constraints: []
            definition: "SELECT 1\nFROM t"
            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Render_ListsOfObjectsHoldingTables_AreWrittenObjectByObject()
    {
        var report = JsonSerializer.SerializeToElement(
            new HealthReport("maindb", "warning",
            [
                new HealthCheckResult("index", "ok", "No problems found.", []),
                new HealthCheckResult("vacuum", "warning", "1 finding(s) need attention.",
                    [new JsonObject { ["severity"] = "warning", ["table"] = "public.t", ["last_vacuum"] = "2026-01-05T10:00:00.1234560Z" }]),
            ]),
            ToolJson);

        var text = ResultText.Render(report);

        Assert.Equal(
            """
            database: maindb
            status: warning
            checks[0].check: index
            checks[0].status: ok
            checks[0].summary: No problems found.
            checks[0].findings: []
            checks[1].check: vacuum
            checks[1].status: warning
            checks[1].summary: 1 finding(s) need attention.
            checks[1].findings: 1 row
            severity	table	last_vacuum
            warning	public.t	2026-01-05T10:00:00.123456Z
            """.ReplaceLineEndings("\n"),
            text);
    }

    /// <summary>A query result as the SDK puts it in structured content: rows keyed as <see cref="ResultReader"/> keys them.</summary>
    private static JsonElement Query(IReadOnlyList<QueryColumn> columns, params object?[][] rows)
    {
        var keys = ResultReader.UniqueKeys(columns);
        var objects = rows.Select(row =>
        {
            var item = new JsonObject();
            for (var i = 0; i < keys.Length; i++)
            {
                item[keys[i]] = row[i] switch
                {
                    null => null,
                    int number => JsonValue.Create(number),
                    var text => JsonValue.Create((string)text),
                };
            }

            return item;
        }).ToList();
        return JsonSerializer.SerializeToElement(new QueryResult(columns, objects, objects.Count, false, null), ToolJson);
    }
}
