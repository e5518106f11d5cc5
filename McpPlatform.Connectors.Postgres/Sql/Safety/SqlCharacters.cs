using System.Text;

namespace McpPlatform.Connectors.Postgres.Sql.Safety;

/// <summary>
/// The character classes of PostgreSQL's scanner, <c>src/backend/parser/scan.l</c> (REL_15_STABLE to REL_18_STABLE),
/// and how it turns an identifier into a name. Text reaches PostgreSQL as UTF-8 (Npgsql), where every byte of a
/// non-ASCII character is in <c>\200-\377</c>: so every non-ASCII UTF-16 code unit counts as such a byte here.
/// </summary>
internal static class SqlCharacters
{
    /// <summary>NAMEDATALEN - 1: PostgreSQL truncates longer identifiers (scansup.c, truncate_identifier).</summary>
    public const int MaxNameBytes = 63;

    /// <summary>
    /// <c>space [ \t\n\r\f\v]</c>. PostgreSQL 15 has no <c>\v</c> there (it is a syntax error), 16 and later do:
    /// taking it as space reads no code as whitespace that either version runs.
    /// </summary>
    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    /// <summary><c>horiz_space [ \t\f\v]</c> (no <c>\v</c> before 16, see <see cref="IsSpace"/>).</summary>
    public static bool IsHorizontalSpace(char c) => c is ' ' or '\t' or '\f' or '\v';

    /// <summary><c>newline [\n\r]</c>: a <c>--</c> comment ends at either (<c>non_newline [^\n\r]</c>).</summary>
    public static bool IsNewline(char c) => c is '\n' or '\r';

    /// <summary><c>ident_start [A-Za-z\200-\377_]</c>, also <c>dolq_start</c>.</summary>
    public static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || c > '\x7F';

    /// <summary><c>ident_cont [A-Za-z\200-\377_0-9\$]</c>.</summary>
    public static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c) || c == '$';

    /// <summary><c>dolq_cont [A-Za-z\200-\377_0-9]</c>: like an identifier, without <c>$</c>.</summary>
    public static bool IsDollarTagPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c);

    /// <summary><c>op_chars [\~\!\@\#\^\&amp;\|\`\?\+\-\*\/\%\&lt;\&gt;\=]</c>.</summary>
    public static bool IsOperatorCharacter(char c) => c is '~' or '!' or '@' or '#' or '^' or '&' or '|' or '`' or '?' or '+' or '-' or '*' or '/' or '%' or '<' or '>' or '=';

    /// <summary>The characters of <c>self</c> that are not operator characters: returned as single-character tokens.</summary>
    public static bool IsPunctuation(char c) => c is ',' or '(' or ')' or '[' or ']' or '.' or ';' or ':';

    /// <summary>
    /// The name an unquoted identifier stands for: ASCII letters folded to lower case (downcase_identifier folds
    /// nothing else in a multibyte encoding such as UTF-8), truncated like a quoted one.
    /// </summary>
    public static string UnquotedName(string identifier)
    {
        var lowered = string.Create(identifier.Length, identifier, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = char.IsAsciiLetterUpper(text[i]) ? (char)(text[i] + 32) : text[i];
            }
        });
        return Truncate(lowered);
    }

    /// <summary>A name cut to <see cref="MaxNameBytes"/> UTF-8 bytes on a character boundary (pg_mbcliplen).</summary>
    public static string Truncate(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= MaxNameBytes)
        {
            return name;
        }

        var bytes = 0;
        var i = 0;
        while (i < name.Length)
        {
            var width = char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(name.AsSpan(i, width));
            if (bytes + size > MaxNameBytes)
            {
                break;
            }

            bytes += size;
            i += width;
        }

        return name[..i];
    }
}
