using McpPlatform.Connectors.Postgres.Sql.Safety;

namespace McpPlatform.Connectors.Postgres.Tests;

/// <summary>
/// The lexer reads each of scan.l's token classes as PostgreSQL does; what PostgreSQL actually does with them is
/// proven by <see cref="Differential.GuardDifferentialTests"/>. Here: the names the code sees, token by token.
/// </summary>
public sealed class SqlLexerTests
{
    public static TheoryData<string, string[]> NamesSeen => new()
    {
        // A line comment ends at \r as well as \n (non_newline [^\n\r]); \f and \v do not end it.
        { "SELECT 1 --\r, f(1)", ["select", "f"] },
        { "SELECT 1 --x\r\n, f(1)", ["select", "f"] },
        { "SELECT 1 --\f, f(1)", ["select"] },
        { "SELECT 1 --\v\u2028 f(1)", ["select"] },
        // Block comments nest; "/*/" opens one without closing it.
        { "SELECT 1 /*/* */, f() -- */", ["select"] },
        { "SELECT 1 /* /* */ */, f()", ["select", "f"] },
        { "SELECT 1 /*/ */, f()", ["select", "f"] },
        { "SELECT 1 +/*, f() */ - 2", ["select"] },
        // Standard strings: a backslash is an ordinary character, '' a quote.
        { "SELECT '\\', f()", ["select", "f"] },
        { "SELECT 'it''s', f()", ["select", "f"] },
        // E'' strings: a backslash escapes the next character, the quote included.
        { "SELECT E'\\', f()'", ["select"] },
        { "SELECT e'\\\\', f()", ["select", "f"] },
        // A string continues after whitespace with a newline, in its own mode (here E'': \' stays escaped).
        { "SELECT E'a'\n'\\'', f() -- '", ["select", "f"] },
        { "SELECT 'a' -- c\n'b', f()", ["select", "f"] },
        // ...but not across a block comment, nor without a newline.
        { "SELECT 'a' /* c */\n'\\', f()", ["select", "f"] },
        { "SELECT 'a' '\\', f()", ["select", "f"] },
        // Bit and hex strings end at the first quote (no ''): a second one starts an ordinary string.
        { "SELECT B'1''', f(), ''''", ["select", "f"] },
        { "SELECT X'1F', f()", ["select", "f"] },
        { "SELECT N'x', U&'\\0027', f()", ["select", "f"] },
        // Dollar quotes end at the first identical delimiter only.
        { "SELECT $a$ $ab$ $b$ $a$, f()", ["select", "f"] },
        { "SELECT $$ $a$ $$, f()", ["select", "f"] },
        { "SELECT $tag_1$ x $tag_1$, f()", ["select", "f"] },
        // Identifiers: $ and non-ASCII characters (NBSP included) are identifier characters; names fold ASCII only.
        { "SELECT a$$b, F()", ["select", "a$$b", "f"] },
        { "SELECT 1\u00A0f()", ["select", "\u00A0f"] },
        { "SELECT ÉTÉ()", ["select", "ÉtÉ"] },
        { "SELECT \"F\"\"g\"()", ["select", "F\"g"] },
        // Numbers end where PostgreSQL 14 ended them; 15+ refuse the rest as trailing junk: the word stays visible.
        { "SELECT 1f()", ["select", "f"] },
        { "SELECT 1e1f()", ["select", "f"] },
        { "SELECT 0x1Fg()", ["select", "g"] },
        { "SELECT 1_000, 1..2", ["select"] },
        { "SELECT $1f()", ["select", "f"] },
        // \v is whitespace from PostgreSQL 16 (a syntax error in 15).
        { "SELECT\v1,\vf()", ["select", "f"] },
    };

    [Theory]
    [MemberData(nameof(NamesSeen))]
    public void Tokenize_EachScannerRule_SeesTheNamesPostgresSees(string sql, string[] names)
    {
        var seen = SqlLexer.Tokenize(sql).Where(token => token.IsName).Select(token => token.Name);

        Assert.Equal(names, seen);
    }

    [Fact]
    public void Tokenize_NameLongerThan63Bytes_IsTruncatedLikePostgres()
    {
        var name = "f_" + new string('x', 70);

        var token = Assert.Single(SqlLexer.Tokenize(name + "()"), token => token.IsName);

        Assert.Equal(name[..63], token.Name);
        Assert.Equal(name[..63], Assert.Single(SqlLexer.Tokenize($"\"{name}\"()"), token => token.IsName).Name);
        // A multibyte character is never cut in half: 62 bytes of 'x', then a 2-byte 'é' that does not fit.
        Assert.Equal(new string('x', 62), Assert.Single(SqlLexer.Tokenize(new string('x', 62) + "éé"), token => token.IsName).Name);
    }

    [Theory]
    [InlineData("SELECT 'open")]
    [InlineData("SELECT E'open\\'")]
    [InlineData("SELECT 1 /* /* */")]
    [InlineData("SELECT $a$ open $b$")]
    [InlineData("SELECT \"open")]
    [InlineData("SELECT \"\"")]
    [InlineData("SELECT 1 \\ 2")]
    [InlineData("SELECT $x")]
    [InlineData("SELECT 1\0")]
    public void Tokenize_TextPostgresCannotScan_Throws(string sql)
    {
        Assert.Throws<SqlScanException>(() => SqlLexer.Tokenize(sql));
    }

    [Fact]
    public void Tokenize_UnpairedSurrogate_Throws()
    {
        // Built here: theory data would be serialized, and an unpaired surrogate replaced on the way.
        var sql = "SELECT \"x" + '\uD83D' + "y\"()";

        Assert.Throws<SqlScanException>(() => SqlLexer.Tokenize(sql));
    }
}
