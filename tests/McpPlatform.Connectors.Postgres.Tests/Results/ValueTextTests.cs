using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.Connectors.Postgres.Results;
using McpPlatform.Connectors.Postgres.Sql;

namespace McpPlatform.Connectors.Postgres.Tests.Results;

public sealed class ValueTextTests
{
    [Theory]
    [InlineData("2026-01-01T07:00:00.0000000Z", "timestamp with time zone", "2026-01-01T07:00:00Z")]
    [InlineData("2026-01-01T07:00:00.1234560Z", "timestamp with time zone", "2026-01-01T07:00:00.123456Z")]
    [InlineData("2026-01-01T07:00:00.5000000Z", "timestamp(3) with time zone", "2026-01-01T07:00:00.5Z")]
    [InlineData("2026-01-01T07:00:00.0000000", "timestamp without time zone", "2026-01-01T07:00:00")]
    [InlineData("0001-01-01T10:30:00.0000000+02:00", "time with time zone", "10:30:00+02:00")]
    [InlineData("1.02:03:04.5000000", "interval", "1.02:03:04.5")]
    [InlineData("10.00:00:00", "interval", "10.00:00:00")]
    [InlineData("2026-01-01T07:00:00.0000000Z", "text", "2026-01-01T07:00:00.0000000Z")] // a text value stays verbatim
    [InlineData("2026-01-01T07:00:00.0000000Z", null, "2026-01-01T07:00:00Z")] // the connector's own catalog rows
    public void Format_TimesAndTimestamps_DropTrailingZeroFractions(string json, string? type, string expected)
    {
        Assert.Equal(expected, ValueText.Format(Json(JsonValue.Create(json)), type is null ? null : ValueText.ShortTypeName(type)));
    }

    [Theory]
    [InlineData("9223372036854775807", "bigint", "9223372036854775807")]
    [InlineData("10000000000000000000000000000000000000000.5", "numeric", "10000000000000000000000000000000000000000.5")]
    [InlineData("1.10", "numeric", "1.10")] // the scale is part of a numeric's value
    [InlineData("0.10000000149011612", "real", "0.1")] // the real 0.1, widened to double on the way
    [InlineData("0.1", "double precision", "0.1")]
    public void Format_Numbers_KeepTheirExactShortestDigits(string json, string type, string expected)
    {
        Assert.Equal(expected, ValueText.Format(Json(JsonNode.Parse(json)), ValueText.ShortTypeName(type)));
    }

    [Fact]
    public void Format_JsonAndArrays_AreCompactJsonWithTextAsItIs()
    {
        var document = JsonValueConverter.ToJson("""{"name": "Zoë 😀", "html": "<a href=\"x\">&</a>", "n": [1, 2.50, null]}""", "jsonb");
        var timestamps = JsonValueConverter.ToJson(new[] { new DateTime(2026, 1, 1, 7, 0, 0, DateTimeKind.Utc) }, "timestamp with time zone[]");

        Assert.Equal("""{"name":"Zoë 😀","html":"<a href=\"x\">&</a>","n":[1,2.50,null]}""", ValueText.Format(Json(document), "jsonb"));
        Assert.Equal("""["2026-01-01T07:00:00Z"]""", ValueText.Format(Json(timestamps), ValueText.ShortTypeName("timestamp with time zone[]")));
        Assert.Equal("[0.1,null,1.5]", ValueText.Format(Json(JsonValueConverter.ToJson(new float?[] { 0.1f, null, 1.5f }, "real[]")), "real[]"));
    }

    [Fact]
    public void Format_BooleansAndNull_AreWords()
    {
        Assert.Equal("true", ValueText.Format(Json(JsonValue.Create(true)), "boolean"));
        Assert.Equal("false", ValueText.Format(Json(JsonValue.Create(false)), "boolean"));
        Assert.Null(ValueText.Format(Json(null), "text"));
    }

    [Theory]
    [InlineData("timestamp with time zone", "timestamptz")]
    [InlineData("timestamp(3) without time zone", "timestamp(3)")]
    [InlineData("time with time zone", "timetz")]
    [InlineData("character varying(20)", "varchar(20)")]
    [InlineData("character(2)", "char(2)")]
    [InlineData("double precision[]", "float8[]")]
    [InlineData("numeric(5, 2)", "numeric(5, 2)")]
    [InlineData("integer", "integer")]
    [InlineData("timeline", "timeline")]
    public void ShortTypeName_LongDisplayNames_ArePostgresShortNames(string type, string expected)
    {
        Assert.Equal(expected, ValueText.ShortTypeName(type));
    }

    private static JsonElement Json(JsonNode? node) => JsonSerializer.SerializeToElement(node);
}
