using McpPlatform.Connectors.Postgres.Sql;

namespace McpPlatform.Connectors.Postgres.Tests;

public sealed class ResultReaderTests
{
    [Fact]
    public void UniqueKeys_RepeatedColumnNames_GetNumericSuffixes()
    {
        QueryColumn[] columns = [new("x", "int4"), new("x", "int4"), new("?column?", "int4"), new("x_2", "int4"), new("?column?", "int4")];

        var keys = ResultReader.UniqueKeys(columns);

        Assert.Equal(["x", "x_2", "?column?", "x_2_2", "?column?_2"], keys);
    }
}
