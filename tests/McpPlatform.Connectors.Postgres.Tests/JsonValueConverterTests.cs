using System.Numerics;
using McpPlatform.Connectors.Postgres.Sql;

namespace McpPlatform.Connectors.Postgres.Tests;

public sealed class JsonValueConverterTests
{
    [Theory]
    [InlineData(9007199254740993L, "9007199254740993")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    public void ToJson_Bigint_KeepsEveryDigitAsANumber(long value, string expected)
    {
        Assert.Equal(expected, JsonValueConverter.ToJson(value, "bigint")!.ToJsonString());
    }

    [Fact]
    public void ToJson_SmallIntegers_AreNumbers()
    {
        Assert.Equal("-32768", JsonValueConverter.ToJson(short.MinValue, "smallint")!.ToJsonString());
        Assert.Equal("2147483647", JsonValueConverter.ToJson(int.MaxValue, "integer")!.ToJsonString());
        Assert.Equal("4294967295", JsonValueConverter.ToJson(uint.MaxValue, "oid")!.ToJsonString());
    }

    [Fact]
    public void ToJson_Numeric_KeepsScaleAndDigits()
    {
        Assert.Equal("1234567890.1234567890", JsonValueConverter.ToJson(1234567890.1234567890m, "numeric")!.ToJsonString());
        Assert.Equal("1.10", JsonValueConverter.ToJson(1.10m, "numeric")!.ToJsonString());
    }

    [Fact]
    public void ToJson_BigInteger_IsANumber()
    {
        var big = BigInteger.Parse("123456789012345678901234567890");

        Assert.Equal("123456789012345678901234567890", JsonValueConverter.ToJson(big, "numeric")!.ToJsonString());
    }

    [Theory]
    [InlineData(double.NaN, "\"NaN\"")]
    [InlineData(double.PositiveInfinity, "\"Infinity\"")]
    [InlineData(0.5, "0.5")]
    public void ToJson_Double_NonFiniteBecomesString(double value, string expected)
    {
        Assert.Equal(expected, JsonValueConverter.ToJson(value, "double precision")!.ToJsonString());
    }

    [Fact]
    public void ToJson_Jsonb_StaysJson()
    {
        Assert.Equal("{\"a\":[1,2]}", JsonValueConverter.ToJson("{\"a\": [1, 2]}", "jsonb")!.ToJsonString());
    }

    [Fact]
    public void ToJson_TextThatLooksLikeJson_StaysText()
    {
        Assert.Equal("\"{\\u0022a\\u0022:1}\"", JsonValueConverter.ToJson("{\"a\":1}", "text")!.ToJsonString());
    }

    [Fact]
    public void ToJson_NullAndDbNull_AreJsonNull()
    {
        Assert.Null(JsonValueConverter.ToJson(null, "text"));
        Assert.Null(JsonValueConverter.ToJson(DBNull.Value, "text"));
    }

    [Fact]
    public void ToJson_IntArray_IsJsonArrayOfNumbers()
    {
        Assert.Equal("[1,null,3]", JsonValueConverter.ToJson(new int?[] { 1, null, 3 }, "integer[]")!.ToJsonString());
    }

    [Fact]
    public void ToJson_Timestamp_IsIso8601()
    {
        var value = new DateTime(2026, 1, 5, 10, 0, 0, DateTimeKind.Utc);

        Assert.Equal("\"2026-01-05T10:00:00.0000000Z\"", JsonValueConverter.ToJson(value, "timestamp with time zone")!.ToJsonString());
    }
}
