using McpPlatform.Connectors.Postgres.Sql;

namespace McpPlatform.Connectors.Postgres.Tests;

public sealed class StatementBatchTests
{
    [Fact]
    public void CommandTexts_Restricted_WrapsClientTextInReadOnlyTransactionThatRollsBack()
    {
        var options = new SqlExecutionOptions { StatementTimeoutMs = 1500, LockTimeoutMs = 200 };

        var texts = StatementBatch.CommandTexts("SELECT 1", AccessMode.Restricted, options, standardStrings: true);

        Assert.Equal(["BEGIN TRANSACTION READ ONLY", "SET LOCAL statement_timeout = 1500", "SET LOCAL lock_timeout = 200", "SELECT 1", "ROLLBACK"], texts);
    }

    [Fact]
    public void CommandTexts_ConnectionWithoutStandardStrings_SetsThemBeforeTheClientText()
    {
        var texts = StatementBatch.CommandTexts("SELECT 1", AccessMode.Restricted, new SqlExecutionOptions(), standardStrings: false);

        Assert.Equal("SET LOCAL standard_conforming_strings = on", texts[^3]);
    }

    [Fact]
    public void CommandTexts_ClientTextWithSeveralStatements_StaysOneCommandSoPostgresRefusesIt()
    {
        const string attack = "SELECT 1; COMMIT; DROP SCHEMA public CASCADE;";

        var texts = StatementBatch.CommandTexts(attack, AccessMode.Restricted, new SqlExecutionOptions(), standardStrings: false);

        Assert.Single(texts, text => text.Contains("DROP", StringComparison.Ordinal));
        Assert.Equal(attack, texts[^2]);
    }

    [Fact]
    public void CommandTexts_Unrestricted_CommitsInsteadOfRollingBack()
    {
        var texts = StatementBatch.CommandTexts("UPDATE t SET x = 1", AccessMode.Unrestricted, new SqlExecutionOptions(), standardStrings: true);

        Assert.Equal("BEGIN", texts[0]);
        Assert.Equal("COMMIT", texts[^1]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_EmptyText_Throws(string sql)
    {
        Assert.ThrowsAny<ArgumentException>(() => StatementBatch.Create(new Npgsql.NpgsqlConnection(), sql, AccessMode.Restricted, new SqlExecutionOptions()));
    }
}
