using static McpPlatform.Connectors.Postgres.Sql.Safety.SqlCharacters;

namespace McpPlatform.Connectors.Postgres.Sql.Safety;

/// <summary>
/// Where comments, string constants, quoted identifiers and dollar-quoted bodies end, following the exclusive
/// states of PostgreSQL's scanner (<c>scan.l</c>: xc, xq, xe, xb, xh, xus, xqs, xd, xui, xdolq).
/// </summary>
internal static class SqlQuotedText
{
    /// <summary>How the body of a quoted string constant is read.</summary>
    public enum StringMode
    {
        /// <summary>xq and xus: <c>''</c> is a quote; a backslash is an ordinary character.</summary>
        Standard,

        /// <summary>xe (<c>E'...'</c>): <c>''</c> is a quote and a backslash escapes the character after it, a quote included.</summary>
        Escape,

        /// <summary>xb and xh (<c>B'...'</c>, <c>X'...'</c>): <c>xbinside [^']*</c>; the first quote ends the body.</summary>
        Bits,
    }

    /// <summary>comment: <c>"--"{non_newline}*</c>, ending before <c>\n</c> or <c>\r</c>.</summary>
    public static int EndOfLineComment(string sql, int start)
    {
        var end = sql.AsSpan(start).IndexOfAny('\n', '\r');
        return end < 0 ? sql.Length : start + end;
    }

    /// <summary>
    /// xc: a <c>/*</c> comment, nested. xcstart takes the operator characters after <c>/*</c> too but puts them back
    /// (yyless(2)), so inside a comment only <c>/*</c> (deeper) and <c>*/</c> (shallower) count.
    /// </summary>
    public static int EndOfBlockComment(string sql, int start)
    {
        var depth = 0;
        var i = start;
        while (i < sql.Length)
        {
            if (sql[i] == '/' && SqlLexer.At(sql, i + 1) == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && SqlLexer.At(sql, i + 1) == '/')
            {
                i += 2;
                if (--depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        throw new SqlScanException($"Unterminated /* comment starting at position {start + 1}.");
    }

    /// <summary>
    /// The end of a string constant whose body starts at <paramref name="bodyStart"/>, continuation segments included:
    /// after a closing quote (state xqs), <c>{quotecontinue}</c> — whitespace with a newline, then a quote — goes on
    /// with the same string in the same mode.
    /// </summary>
    public static int EndOfString(string sql, int open, int bodyStart, StringMode mode)
    {
        var i = bodyStart;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\\' && mode == StringMode.Escape)
            {
                // xeescape [\\][^0-7] and the longer octal/hex/Unicode escapes: none of them ends at a quote.
                i += 2;
                continue;
            }

            if (c != '\'')
            {
                i++;
                continue;
            }

            if (mode != StringMode.Bits && SqlLexer.At(sql, i + 1) == '\'')
            {
                i += 2; // xqdouble
                continue;
            }

            if (QuoteContinuation(sql, i + 1) is not { } reopening)
            {
                return i + 1;
            }

            i = reopening + 1;
        }

        // A backslash just before the end (<xe>.) leaves the string open as well.
        throw new SqlScanException($"Unterminated string constant starting at position {open + 1}.");
    }

    /// <summary>
    /// <c>quotecontinue {whitespace_with_newline}{quote}</c>, where <c>whitespace_with_newline</c> is
    /// <c>{horiz_whitespace}*{newline}{special_whitespace}*</c>, <c>horiz_whitespace ({horiz_space}|{comment})</c> and
    /// <c>special_whitespace ({space}+|{comment}{newline})</c>. Returns the position of the reopening quote, or null.
    /// A <c>/* */</c> comment is no part of it.
    /// </summary>
    private static int? QuoteContinuation(string sql, int i)
    {
        while (i < sql.Length && (IsHorizontalSpace(sql[i]) || IsLineCommentAt(sql, i)))
        {
            i = IsLineCommentAt(sql, i) ? EndOfLineComment(sql, i) : i + 1;
        }

        if (i >= sql.Length || !IsNewline(sql[i]))
        {
            return null;
        }

        i++;
        while (i < sql.Length)
        {
            if (IsSpace(sql[i]))
            {
                i++;
            }
            else if (IsLineCommentAt(sql, i) && EndOfLineComment(sql, i) is var end && end < sql.Length)
            {
                i = end + 1; // the comment and the newline that ends it
            }
            else
            {
                break;
            }
        }

        return i < sql.Length && sql[i] == '\'' ? i : null;
    }

    private static bool IsLineCommentAt(string sql, int i) => sql[i] == '-' && SqlLexer.At(sql, i + 1) == '-';

    /// <summary>xd and xui: a quoted identifier up to its closing double quote; <c>""</c> stands for one.</summary>
    public static int EndOfQuotedIdentifier(string sql, int open)
    {
        var i = open + 1;
        while (i < sql.Length)
        {
            if (sql[i] == '"')
            {
                if (SqlLexer.At(sql, i + 1) != '"')
                {
                    return i + 1;
                }

                i++;
            }

            i++;
        }

        throw new SqlScanException($"Unterminated quoted identifier starting at position {open + 1}.");
    }

    /// <summary>
    /// dolqdelim <c>\$({dolq_start}{dolq_cont}*)?\$</c> and its body (xdolq), which ends at the first occurrence of
    /// the same delimiter: the scanner tries every <c>$</c> of the body as the start of one, as this search does.
    /// False when the text at <paramref name="start"/> is no delimiter (dolqfailed or a lone <c>$</c>).
    /// </summary>
    public static bool TryEndOfDollarQuote(string sql, int start, out int end)
    {
        end = start;
        var tagEnd = start + 1;
        if (tagEnd < sql.Length && IsIdentifierStart(sql[tagEnd]))
        {
            while (tagEnd < sql.Length && IsDollarTagPart(sql[tagEnd]))
            {
                tagEnd++;
            }
        }

        if (tagEnd >= sql.Length || sql[tagEnd] != '$')
        {
            return false;
        }

        var delimiter = sql[start..(tagEnd + 1)];
        var close = sql.IndexOf(delimiter, tagEnd + 1, StringComparison.Ordinal);
        if (close < 0)
        {
            throw new SqlScanException($"Unterminated dollar-quoted string starting at position {start + 1}.");
        }

        end = close + delimiter.Length;
        return true;
    }
}
