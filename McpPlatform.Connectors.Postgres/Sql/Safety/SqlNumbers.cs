namespace McpPlatform.Connectors.Postgres.Sql.Safety;

/// <summary>
/// Numeric constants as PostgreSQL 16+'s scanner reads them (<c>decinteger</c>, <c>hexinteger</c>, <c>octinteger</c>,
/// <c>bininteger</c>, <c>numeric</c>, <c>real</c>; 15 knows only decimal digits without underscores). What follows a
/// number is left to the next token: PostgreSQL 15+ refuses a number followed by identifier characters as "trailing
/// junk" where 14 read an identifier there, so the lexer shows those characters as a word, never hides them.
/// </summary>
internal static class SqlNumbers
{
    /// <summary>Where the numeric constant starting at <paramref name="start"/> (a digit, or a dot before a digit) ends.</summary>
    public static int End(string sql, int start)
    {
        if (sql[start] == '0' && RadixDigits(SqlLexer.At(sql, start + 1)) is { } isDigit && Digits(sql, start + 2, isDigit) is var radixEnd && radixEnd > start + 2)
        {
            return radixEnd;
        }

        var i = sql[start] == '.' ? start : Digits(sql, start, char.IsAsciiDigit);
        // numeric: a fraction, unless ".." follows the integer (numericfail: the integer, then "..").
        if (SqlLexer.At(sql, i) == '.' && SqlLexer.At(sql, i + 1) != '.')
        {
            i = char.IsAsciiDigit(SqlLexer.At(sql, i + 1)) ? Digits(sql, i + 1, char.IsAsciiDigit) : i + 1;
        }

        // real: [Ee][-+]?{decinteger}; an incomplete exponent is not part of the number.
        if (SqlLexer.At(sql, i) is 'e' or 'E')
        {
            var exponent = SqlLexer.At(sql, i + 1) is '+' or '-' ? i + 2 : i + 1;
            if (char.IsAsciiDigit(SqlLexer.At(sql, exponent)))
            {
                i = Digits(sql, exponent, char.IsAsciiDigit);
            }
        }

        return i;
    }

    private static Func<char, bool>? RadixDigits(char prefix) => prefix switch
    {
        'x' or 'X' => char.IsAsciiHexDigit,
        'o' or 'O' => c => c is >= '0' and <= '7',
        'b' or 'B' => c => c is '0' or '1',
        _ => null,
    };

    /// <summary>{digit}(_?{digit})*: digits with single underscores between them.</summary>
    private static int Digits(string sql, int i, Func<char, bool> isDigit)
    {
        var end = i;
        while (end < sql.Length)
        {
            if (isDigit(sql[end]))
            {
                end++;
            }
            else if (sql[end] == '_' && end > i && isDigit(SqlLexer.At(sql, end + 1)))
            {
                end += 2;
            }
            else
            {
                break;
            }
        }

        return end;
    }
}
