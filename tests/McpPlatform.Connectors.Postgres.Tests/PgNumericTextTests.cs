using McpPlatform.Connectors.Postgres.Sql;

namespace McpPlatform.Connectors.Postgres.Tests;

public sealed class PgNumericTextTests
{
    [Theory]
    // Bytes as PostgreSQL 15 sends them (SELECT 1e40::numeric + 0.5).
    [InlineData("000C000A00000001000100000000000000000000000000000000000000001388", "10000000000000000000000000000000000000000.5")]
    // 0.00012 (weight -1, scale 5): digits [1, 2000].
    [InlineData("0002FFFF00000005000107D0", "0.00012")]
    // -12345.678 (weight 1, scale 3): digits [1, 2345, 6780], negative.
    [InlineData("000300014000000300010929" + "1A7C", "-12345.678")]
    // 0 (no digits, scale 2).
    [InlineData("0000000000000002", "0.00")]
    [InlineData("00000000C0000000", "NaN")]
    public void Decode_BinaryNumeric_GivesExactText(string hex, string expected)
    {
        var bytes = Convert.FromHexString(hex);

        Assert.Equal(expected, PgNumericText.Decode(bytes));
    }
}
