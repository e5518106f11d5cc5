using static McpPlatform.Connectors.Postgres.Sql.Safety.SqlCharacters;

namespace McpPlatform.Connectors.Postgres.Sql.Safety;

/// <summary>
/// Splits SQL into tokens as PostgreSQL's scanner does (<c>src/backend/parser/scan.l</c>, REL_15 to REL_18; the
/// rule names below are scan.l's), so that strings, dollar-quoted bodies, quoted identifiers and comments are
/// never mistaken for code, nor code for them. Where the supported versions differ, the lexer takes the reading
/// that shows more code (numbers followed by letters, <c>\v</c>). Text it cannot scan is an error: the caller
/// refuses it. Assumes <c>standard_conforming_strings = on</c>, which every statement batch sets.
/// </summary>
public static class SqlLexer
{
    public static IReadOnlyList<SqlToken> Tokenize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        // Text that is no valid UTF-16 cannot reach PostgreSQL as UTF-8: refuse it rather than guess what it would be.
        if (HasLoneSurrogate(sql))
        {
            throw new SqlScanException("The text holds an unpaired UTF-16 surrogate.");
        }

        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var start = i;
            i = ScanToken(sql, i, tokens);
            if (i <= start)
            {
                throw new SqlScanException($"Unexpected character '{sql[start]}' at position {start + 1}.");
            }
        }

        return tokens;
    }

    /// <summary>Scans the token (or whitespace) at <paramref name="i"/>, adds it, and returns where the next one starts.</summary>
    private static int ScanToken(string sql, int i, List<SqlToken> tokens)
    {
        var c = sql[i];
        var next = At(sql, i + 1);
        switch (c)
        {
            case var _ when IsSpace(c):
                return i + 1;
            case '-' when next == '-':
                return SqlQuotedText.EndOfLineComment(sql, i);
            case '/' when next == '*':
                return SqlQuotedText.EndOfBlockComment(sql, i);
            case '\'':
                return Add(tokens, SqlTokenKind.String, sql, i, SqlQuotedText.EndOfString(sql, i, i + 1, SqlQuotedText.StringMode.Standard));
            case 'e' or 'E' when next == '\'':
                return Add(tokens, SqlTokenKind.String, sql, i, SqlQuotedText.EndOfString(sql, i, i + 2, SqlQuotedText.StringMode.Escape));
            case 'b' or 'B' or 'x' or 'X' when next == '\'':
                return Add(tokens, SqlTokenKind.String, sql, i, SqlQuotedText.EndOfString(sql, i, i + 2, SqlQuotedText.StringMode.Bits));
            case 'n' or 'N' when next == '\'':
                // xnstart: the keyword NCHAR, then an ordinary string from the quote.
                return Add(tokens, SqlTokenKind.String, sql, i, SqlQuotedText.EndOfString(sql, i + 1, i + 2, SqlQuotedText.StringMode.Standard));
            case 'u' or 'U' when next == '&' && At(sql, i + 2) == '\'':
                return Add(tokens, SqlTokenKind.String, sql, i, SqlQuotedText.EndOfString(sql, i, i + 3, SqlQuotedText.StringMode.Standard));
            case 'u' or 'U' when next == '&' && At(sql, i + 2) == '"':
                return Add(tokens, SqlTokenKind.UnicodeIdentifier, sql, i, SqlQuotedText.EndOfQuotedIdentifier(sql, i + 2));
            case '"':
                return AddQuotedIdentifier(tokens, sql, i);
            case '$' when char.IsAsciiDigit(next):
                return Add(tokens, SqlTokenKind.Parameter, sql, i, EndOfDigits(sql, i + 1));
            case '$':
                return SqlQuotedText.TryEndOfDollarQuote(sql, i, out var end)
                    ? Add(tokens, SqlTokenKind.String, sql, i, end)
                    : throw new SqlScanException($"Unexpected '$' at position {i + 1}.");
            case ':' when next == ':':
                return Add(tokens, SqlTokenKind.Operator, sql, i, i + 2);
            case var _ when IsIdentifierStart(c):
                return AddWord(tokens, sql, i);
            case var _ when char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(next)):
                return Add(tokens, SqlTokenKind.Number, sql, i, SqlNumbers.End(sql, i));
            case var _ when IsPunctuation(c):
                return Add(tokens, SqlTokenKind.Punctuation, sql, i, i + 1);
            case var _ when IsOperatorCharacter(c):
                return Add(tokens, SqlTokenKind.Operator, sql, i, EndOfOperator(sql, i));
            default:
                // scan.l's {other}: a character no rule of the grammar accepts.
                throw new SqlScanException($"Unexpected character '{c}' at position {i + 1}.");
        }
    }

    private static bool HasLoneSurrogate(string sql)
    {
        for (var i = 0; i < sql.Length; i++)
        {
            if (char.IsHighSurrogate(sql[i]) && i + 1 < sql.Length && char.IsLowSurrogate(sql[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(sql[i]))
            {
                return true;
            }
        }

        return false;
    }

    internal static char At(string sql, int i) => i < sql.Length ? sql[i] : '\0';

    private static int Add(List<SqlToken> tokens, SqlTokenKind kind, string sql, int start, int end)
    {
        tokens.Add(new SqlToken(kind, sql[start..end], start));
        return end;
    }

    private static int AddWord(List<SqlToken> tokens, string sql, int start)
    {
        var end = start + 1;
        while (end < sql.Length && IsIdentifierPart(sql[end]))
        {
            end++;
        }

        var text = sql[start..end];
        tokens.Add(new SqlToken(SqlTokenKind.Word, text, start, UnquotedName(text)));
        return end;
    }

    private static int AddQuotedIdentifier(List<SqlToken> tokens, string sql, int start)
    {
        var end = SqlQuotedText.EndOfQuotedIdentifier(sql, start);
        var name = sql[(start + 1)..(end - 1)].Replace("\"\"", "\"", StringComparison.Ordinal);
        if (name.Length == 0)
        {
            throw new SqlScanException($"Zero-length quoted identifier at position {start + 1}.");
        }

        tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, name, start, Truncate(name)));
        return end;
    }

    private static int EndOfDigits(string sql, int i)
    {
        while (i < sql.Length && char.IsAsciiDigit(sql[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// {operator}: a run of operator characters that stops where a comment starts ("--" or "/*" inside it begins a
    /// comment, as scan.l's operator action cuts the match there).
    /// </summary>
    private static int EndOfOperator(string sql, int start)
    {
        var end = start;
        while (end < sql.Length && IsOperatorCharacter(sql[end]))
        {
            if (end > start && ((sql[end] == '-' && At(sql, end + 1) == '-') || (sql[end] == '/' && At(sql, end + 1) == '*')))
            {
                break;
            }

            end++;
        }

        return end;
    }
}
