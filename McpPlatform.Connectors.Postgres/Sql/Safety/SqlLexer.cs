namespace McpPlatform.Connectors.Postgres.Sql.Safety;

/// <summary>
/// Splits SQL into tokens the way PostgreSQL's scanner does, so that strings, dollar-quoted bodies,
/// quoted identifiers and (nested) comments are never mistaken for code. Text it cannot scan (an
/// unterminated string or comment) is an error: the caller refuses it.
/// </summary>
public static class SqlLexer
{
    private const string OperatorCharacters = "+-*/<>=~!@#%^&|`?";

    public static IReadOnlyList<SqlToken> Tokenize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && Next(sql, i) == '-')
            {
                i = SkipLineComment(sql, i);
            }
            else if (c == '/' && Next(sql, i) == '*')
            {
                i = SkipBlockComment(sql, i);
            }
            else if (c == '\'')
            {
                i = AddString(tokens, sql, i, i, backslashEscapes: false);
            }
            else if ((c is 'e' or 'E') && Next(sql, i) == '\'')
            {
                i = AddString(tokens, sql, i, i + 1, backslashEscapes: true);
            }
            else if ((c is 'b' or 'B' or 'x' or 'X' or 'n' or 'N') && Next(sql, i) == '\'')
            {
                i = AddString(tokens, sql, i, i + 1, backslashEscapes: false);
            }
            else if ((c is 'u' or 'U') && Next(sql, i) == '&' && i + 2 < sql.Length && sql[i + 2] == '\'')
            {
                i = AddString(tokens, sql, i, i + 2, backslashEscapes: false);
            }
            else if ((c is 'u' or 'U') && Next(sql, i) == '&' && i + 2 < sql.Length && sql[i + 2] == '"')
            {
                var end = ScanQuoted(sql, i + 2, '"');
                tokens.Add(new SqlToken(SqlTokenKind.UnicodeIdentifier, sql[i..end], i));
                i = end;
            }
            else if (c == '"')
            {
                var end = ScanQuoted(sql, i, '"');
                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, sql[(i + 1)..(end - 1)].Replace("\"\"", "\"", StringComparison.Ordinal), i));
                i = end;
            }
            else if (c == '$' && i + 1 < sql.Length && char.IsAsciiDigit(sql[i + 1]))
            {
                var end = i + 1;
                while (end < sql.Length && char.IsAsciiDigit(sql[end]))
                {
                    end++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Parameter, sql[i..end], i));
                i = end;
            }
            else if (c == '$' && TryScanDollarQuote(sql, i, out var dollarEnd))
            {
                tokens.Add(new SqlToken(SqlTokenKind.String, sql[i..dollarEnd], i));
                i = dollarEnd;
            }
            else if (IsIdentifierStart(c))
            {
                var end = i + 1;
                while (end < sql.Length && IsIdentifierPart(sql[end]))
                {
                    end++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Word, sql[i..end], i));
                i = end;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < sql.Length && char.IsAsciiDigit(sql[i + 1])))
            {
                var end = ScanNumber(sql, i);
                tokens.Add(new SqlToken(SqlTokenKind.Number, sql[i..end], i));
                i = end;
            }
            else if (c == ':' && Next(sql, i) == ':')
            {
                tokens.Add(new SqlToken(SqlTokenKind.Operator, "::", i));
                i += 2;
            }
            else if ("()[],;.:".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(new SqlToken(SqlTokenKind.Punctuation, c.ToString(), i));
                i++;
            }
            else if (OperatorCharacters.Contains(c, StringComparison.Ordinal))
            {
                var end = i;
                // A comment start ends an operator, as in PostgreSQL's scanner.
                while (end < sql.Length && OperatorCharacters.Contains(sql[end], StringComparison.Ordinal)
                       && !(sql[end] == '-' && Next(sql, end) == '-') && !(sql[end] == '/' && Next(sql, end) == '*'))
                {
                    end++;
                }

                end = Math.Max(end, i + 1);
                tokens.Add(new SqlToken(SqlTokenKind.Operator, sql[i..end], i));
                i = end;
            }
            else
            {
                throw new SqlScanException($"Unexpected character '{c}' at position {i + 1}.");
            }
        }

        return tokens;
    }

    private static char Next(string sql, int i) => i + 1 < sql.Length ? sql[i + 1] : '\0';

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || c > 127;

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c) || c == '$';

    private static int SkipLineComment(string sql, int i)
    {
        var end = sql.IndexOf('\n', i);
        return end < 0 ? sql.Length : end + 1;
    }

    private static int SkipBlockComment(string sql, int start)
    {
        var depth = 0;
        var i = start;
        while (i < sql.Length)
        {
            if (sql[i] == '/' && Next(sql, i) == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && Next(sql, i) == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        throw new SqlScanException($"Unterminated comment starting at position {start + 1}.");
    }

    private static int AddString(List<SqlToken> tokens, string sql, int tokenStart, int quote, bool backslashEscapes)
    {
        var end = ScanQuoted(sql, quote, '\'', backslashEscapes);
        tokens.Add(new SqlToken(SqlTokenKind.String, sql[tokenStart..end], tokenStart));
        return end;
    }

    /// <summary>Scans from an opening quote to just after its closing quote; a doubled quote is part of the text.</summary>
    private static int ScanQuoted(string sql, int open, char quote, bool backslashEscapes = false)
    {
        var i = open + 1;
        while (i < sql.Length)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i += 2;
                continue;
            }

            if (sql[i] == quote)
            {
                if (Next(sql, i) == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        throw new SqlScanException($"Unterminated {(quote == '"' ? "quoted identifier" : "string")} starting at position {open + 1}.");
    }

    private static bool TryScanDollarQuote(string sql, int start, out int end)
    {
        end = start;
        var tagEnd = start + 1;
        if (tagEnd < sql.Length && (char.IsAsciiLetter(sql[tagEnd]) || sql[tagEnd] == '_' || sql[tagEnd] > 127))
        {
            while (tagEnd < sql.Length && (IsIdentifierStart(sql[tagEnd]) || char.IsAsciiDigit(sql[tagEnd])))
            {
                tagEnd++;
            }
        }

        if (tagEnd >= sql.Length || sql[tagEnd] != '$')
        {
            return false;
        }

        var tag = sql[start..(tagEnd + 1)];
        var close = sql.IndexOf(tag, tagEnd + 1, StringComparison.Ordinal);
        if (close < 0)
        {
            throw new SqlScanException($"Unterminated dollar-quoted string starting at position {start + 1}.");
        }

        end = close + tag.Length;
        return true;
    }

    private static int ScanNumber(string sql, int i)
    {
        var end = i;
        while (end < sql.Length && (char.IsAsciiLetterOrDigit(sql[end]) || sql[end] == '.' || sql[end] == '_'
                                    || ((sql[end] == '+' || sql[end] == '-') && (sql[end - 1] is 'e' or 'E'))))
        {
            // ".." is not part of a number (e.g. array slices [1..2] are not SQL, but be safe).
            if (sql[end] == '.' && Next(sql, end) == '.')
            {
                break;
            }

            end++;
        }

        return end;
    }
}
