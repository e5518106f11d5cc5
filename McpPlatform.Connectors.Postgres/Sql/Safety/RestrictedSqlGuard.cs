namespace McpPlatform.Connectors.Postgres.Sql.Safety;

/// <summary>
/// The last of restricted mode's layers (after the read-only role, the single Parse message and the
/// read-only transaction): refuses, from the tokens of the text, what those layers may still let through.
/// An allow-list of statements, then rules that hold wherever a construct appears (select list, FROM,
/// CTEs, subqueries): strings, dollar-quoted bodies and comments are never read as code.
/// </summary>
public static class RestrictedSqlGuard
{
    /// <summary>
    /// Returns why <paramref name="sql"/> is refused in restricted mode by the static rules alone (no catalog), or
    /// null when they let it run.
    /// </summary>
    public static string? Check(string sql) => Check(RestrictedStatement.Read(sql), (name, _) => RestrictedSqlRules.ForbiddenReason(name));

    /// <summary>
    /// Returns why <paramref name="statement"/> is refused, or null when it may run. <paramref name="functionRefusal"/>
    /// says why a function (by the name PostgreSQL looks it up by; true: called with parentheses, false: only in
    /// attribute notation) may not be called, or null.
    /// </summary>
    public static string? Check(RestrictedStatement statement, Func<string, bool, string?> functionRefusal)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.ScanError is { } scanError)
        {
            return $"The statement could not be read safely: {scanError}";
        }

        return CheckStatementShape(statement.Tokens) ?? CheckEveryToken(statement.Tokens, functionRefusal);
    }

    private static string? CheckStatementShape(IReadOnlyList<SqlToken> tokens)
    {
        var last = tokens.Count - 1;
        while (last >= 0 && tokens[last].IsPunctuation(';'))
        {
            last--;
        }

        if (last < 0)
        {
            return "The statement is empty.";
        }

        for (var i = 0; i < last; i++)
        {
            if (tokens[i].IsPunctuation(';'))
            {
                return "Only one statement per call is allowed.";
            }
        }

        var first = FirstWord(tokens, 0);
        if (first is not { } leading || !RestrictedSqlRules.ReadStatements.Contains(leading.Token.Text))
        {
            return $"Restricted mode runs reads only (SELECT, WITH, VALUES, TABLE, SHOW, EXPLAIN); this statement starts with '{first?.Token.Text ?? tokens[0].Text}'.";
        }

        return leading.Token.IsWord("EXPLAIN") ? CheckExplain(tokens, leading.Index + 1) : null;
    }

    private static string? CheckExplain(IReadOnlyList<SqlToken> tokens, int start)
    {
        var i = start;
        if (i < tokens.Count && tokens[i].IsPunctuation('('))
        {
            // EXPLAIN ( option [value] [, ...] ): skip to the closing parenthesis.
            while (i < tokens.Count && !tokens[i].IsPunctuation(')'))
            {
                i++;
            }

            i++;
        }
        else
        {
            while (i < tokens.Count && tokens[i].Kind == SqlTokenKind.Word
                   && (tokens[i].IsWord("ANALYZE") || tokens[i].IsWord("ANALYSE") || tokens[i].IsWord("VERBOSE")))
            {
                i++;
            }
        }

        var explained = FirstWord(tokens, i);
        return explained is { } statement && RestrictedSqlRules.ExplainableReads.Contains(statement.Token.Text)
            ? null
            : "EXPLAIN is allowed for reads only (SELECT, WITH, VALUES, TABLE).";
    }

    private static string? CheckEveryToken(IReadOnlyList<SqlToken> tokens, Func<string, bool, string?> functionRefusal)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var previous = i > 0 ? tokens[i - 1] : default;
            var next = i + 1 < tokens.Count ? tokens[i + 1] : default;

            if (token.Kind == SqlTokenKind.UnicodeIdentifier)
            {
                return "Unicode-escaped identifiers (U&\"...\") are not allowed in restricted mode; write the name plainly.";
            }

            if (token.IsName && (RestrictedSqlRules.SecretRelations.Contains(token.Name!) || RestrictedSqlRules.SecretColumns.Contains(token.Name!)))
            {
                return $"'{token.Name}' holds credentials, settings or data of other roles and is never read in restricted mode.";
            }

            if (RestrictedStatement.IsCall(tokens, i) && functionRefusal(token.Name!, RestrictedStatement.IsParenthesized(tokens, i)) is { } reason)
            {
                return $"The function '{token.Name}' is not allowed in restricted mode ({reason}).";
            }

            // A qualified name (t.delete) is a column, not a statement: only bare words count.
            if (token.Kind != SqlTokenKind.Word || previous.IsPunctuation('.'))
            {
                continue;
            }

            if (RestrictedSqlRules.WritingWords.Contains(token.Text))
            {
                return $"'{token.Text.ToUpperInvariant()}' is not allowed in restricted mode: only reads run here (quote a column of that name: \"{token.Text.ToLowerInvariant()}\").";
            }

            if (token.IsWord("FOR") && IsRowLock(tokens, i + 1))
            {
                return "Row locks (FOR UPDATE / FOR SHARE) are not allowed in restricted mode.";
            }
        }

        return null;
    }

    /// <summary>FOR UPDATE, FOR SHARE, FOR NO KEY UPDATE, FOR KEY SHARE (not <c>substring(x FROM 1 FOR key)</c>).</summary>
    private static bool IsRowLock(IReadOnlyList<SqlToken> tokens, int i)
    {
        bool Is(int at, string word) => at < tokens.Count && tokens[at].IsWord(word);
        return Is(i, "UPDATE") || Is(i, "SHARE") || (Is(i, "NO") && Is(i + 1, "KEY") && Is(i + 2, "UPDATE")) || (Is(i, "KEY") && Is(i + 1, "SHARE"));
    }

    private static (SqlToken Token, int Index)? FirstWord(IReadOnlyList<SqlToken> tokens, int start)
    {
        var i = start;
        while (i < tokens.Count && tokens[i].IsPunctuation('('))
        {
            i++;
        }

        return i < tokens.Count && tokens[i].Kind == SqlTokenKind.Word ? (tokens[i], i) : null;
    }
}
