namespace McpPlatform.Connectors.Postgres.Sql.Safety;

/// <summary>A client statement read once: its tokens, or why it could not be read.</summary>
public sealed class RestrictedStatement
{
    private RestrictedStatement(IReadOnlyList<SqlToken> tokens, string? scanError)
    {
        Tokens = tokens;
        ScanError = scanError;
    }

    public IReadOnlyList<SqlToken> Tokens { get; }

    /// <summary>Why the text could not be scanned (unterminated string or comment, a character no rule accepts), or null.</summary>
    public string? ScanError { get; }

    public static RestrictedStatement Read(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        try
        {
            return new RestrictedStatement(SqlLexer.Tokenize(sql), null);
        }
        catch (SqlScanException ex)
        {
            return new RestrictedStatement([], ex.Message);
        }
    }

    /// <summary>
    /// The tokens by which the statement may call a function (see <see cref="IsCall"/>); <c>Parenthesized</c>: as
    /// <c>f(...)</c>, else only in attribute notation (<c>x.f</c>, which every qualified column or table name looks like).
    /// </summary>
    public IEnumerable<(SqlToken Token, bool Parenthesized, bool Qualified)> Calls() =>
        Enumerable.Range(0, Tokens.Count).Where(i => IsCall(Tokens, i)).Select(i => (Tokens[i], IsParenthesized(Tokens, i), i > 0 && Tokens[i - 1].IsPunctuation('.')));

    /// <summary>Whether the name at <paramref name="i"/> is followed by "(" (else it is only attribute notation).</summary>
    public static bool IsParenthesized(IReadOnlyList<SqlToken> tokens, int i) => i + 1 < tokens.Count && tokens[i + 1].IsPunctuation('(');

    /// <summary>
    /// Whether the name at <paramref name="i"/> may call a function: <c>f(...)</c>, and <c>x.f</c>, the attribute
    /// notation that calls <c>f(x)</c> for a composite <c>x</c>. Over-approximates (a column list <c>t(a, b)</c> or a
    /// column <c>t.c</c> counts too): a name that is no function passes the function rules anyway.
    /// </summary>
    public static bool IsCall(IReadOnlyList<SqlToken> tokens, int i) =>
        tokens[i].IsName
        && ((i + 1 < tokens.Count && tokens[i + 1].IsPunctuation('(')) || (i > 0 && tokens[i - 1].IsPunctuation('.')));
}
