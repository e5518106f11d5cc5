using System.Buffers;
using System.Text;

namespace McpPlatform.Connectors.Postgres.Results;

/// <summary>
/// How one value is written in the text a model reads (see docs/postgres-connector.md, "What a model reads").
/// A value is written verbatim, in UTF-8, unless it could be misread: then it is a JSON string in double quotes.
/// SQL NULL is the bare word <c>NULL</c>, so the text <c>'NULL'</c> is written <c>"NULL"</c>.
/// </summary>
/// <remarks>
/// Quoted are: the empty string; any casing of <c>null</c>; a value that starts with <c>"</c>; one with white space at
/// either end; one holding a tab, a line break or another control character (C0, DEL, C1, U+2028, U+2029) or a lone
/// surrogate. So a bare value never holds a tab or a line break: one row is one line, and cells split at tabs.
/// Inside quotes only <c>"</c>, <c>\</c>, control characters, line separators and lone surrogates are escaped
/// (<c>\"</c> <c>\\</c> <c>\n</c> <c>\r</c> <c>\t</c> <c>\b</c> <c>\f</c>, else <c>\uXXXX</c>); everything else,
/// non-ASCII included, stays as it is.
/// </remarks>
internal static class CellText
{
    /// <summary>How SQL NULL is written.</summary>
    public const string Null = "NULL";

    /// <summary>Every character <see cref="MustEscape"/> may flag: controls, DEL, C1, U+2028, U+2029 and surrogates.</summary>
    private static readonly SearchValues<char> Suspects = SearchValues.Create(
        Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Concat([0x2028, 0x2029]).Concat(Enumerable.Range(0xD800, 0x800))
            .Select(code => (char)code).ToArray());

    /// <summary>Appends <paramref name="value"/> (null for SQL NULL) as one cell.</summary>
    public static void Append(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append(Null);
        }
        else if (NeedsQuotes(value))
        {
            AppendQuoted(text, value);
        }
        else
        {
            text.Append(value);
        }
    }

    /// <summary>Whether <paramref name="value"/> written bare could be misread (see the remarks of the class).</summary>
    public static bool NeedsQuotes(string value)
    {
        if (value.Length == 0
            || value[0] == '"'
            || char.IsWhiteSpace(value[0])
            || char.IsWhiteSpace(value[^1])
            || value.Equals(Null, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Most values hold none of these: a vectorized search finds that, then each hit is looked at.
        for (var i = value.AsSpan().IndexOfAny(Suspects); i >= 0; i = NextSuspect(value, i))
        {
            if (MustEscape(value, i))
            {
                return true;
            }
        }

        return false;
    }

    private static int NextSuspect(string value, int index)
    {
        var next = value.AsSpan(index + 1).IndexOfAny(Suspects);
        return next < 0 ? -1 : index + 1 + next;
    }

    /// <summary>Appends <paramref name="value"/> as a JSON string: quotes, and escapes only where needed.</summary>
    public static void AppendQuoted(StringBuilder text, string value)
    {
        text.Append('"');
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is not ('"' or '\\') && !MustEscape(value, i))
            {
                continue;
            }

            text.Append(value, start, i - start);
            start = i + 1;
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                default: text.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)); break;
            }
        }

        text.Append(value, start, value.Length - start).Append('"');
    }

    /// <summary>
    /// A character a reader could not see or that breaks the layout: controls, Unicode line and paragraph separators,
    /// and a surrogate without its pair (which UTF-8 cannot carry).
    /// </summary>
    private static bool MustEscape(string value, int index)
    {
        var c = value[index];
        if (c < ' ' || c is (>= '\u007F' and <= '\u009F') or '\u2028' or '\u2029')
        {
            return true;
        }

        if (char.IsHighSurrogate(c))
        {
            return index + 1 >= value.Length || !char.IsLowSurrogate(value[index + 1]);
        }

        return char.IsLowSurrogate(c) && (index == 0 || !char.IsHighSurrogate(value[index - 1]));
    }
}
