using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace McpPlatform.Connectors.Postgres.Results;

/// <summary>
/// A value of the structured result as the text of one cell, in its shortest exact form: numbers with the digits
/// PostgreSQL gave (a <c>real</c> as the shortest text that reads back as the same <c>real</c>), timestamps in ISO 8601
/// without trailing zero fractions (<c>2026-01-01T07:00:00Z</c>, <c>2026-01-01T07:00:00.25Z</c>), booleans as
/// <c>true</c>/<c>false</c>, JSON and arrays as compact JSON; null for SQL NULL.
/// </summary>
internal static partial class ValueText
{
    /// <summary>
    /// The cell text of <paramref name="value"/>, a value of a column of <paramref name="type"/>: its
    /// <see cref="ShortTypeName"/>, or null when not known.
    /// </summary>
    public static string? Format(JsonElement value, string? type)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            case JsonValueKind.Number:
                return IsReal(type) && value.TryGetDouble(out var number)
                    ? ((float)number).ToString("R", CultureInfo.InvariantCulture)
                    : value.GetRawText();
            case JsonValueKind.String:
                return FormatString(value.GetString()!, type);
            default:
                var elementType = type is not null && type.EndsWith("[]", StringComparison.Ordinal) ? type[..^2] : null;
                return JsonText.Write(value, elementType is null ? null : element => Format(element, elementType)!);
        }
    }

    /// <summary>
    /// PostgreSQL's short name for a type whose display name is long (<c>timestamp with time zone</c> is
    /// <c>timestamptz</c>, <c>character varying(20)</c> is <c>varchar(20)</c>); any other name as it is.
    /// </summary>
    public static string ShortTypeName(string type)
    {
        var match = LongTypeName().Match(type);
        if (!match.Success)
        {
            return type;
        }

        var name = match.Groups["name"].Value switch
        {
            "timestamp" when match.Groups["zone"].Value == "with" => "timestamptz",
            "time" when match.Groups["zone"].Value == "with" => "timetz",
            "character varying" => "varchar",
            "character" => "char",
            "double precision" => "float8",
            "bit varying" => "varbit",
            var other => other,
        };
        return name + match.Groups["facets"].Value + type[match.Length..];
    }

    private static string FormatString(string text, string? type) => BaseType(type) switch
    {
        // Without a type (the connector's own catalog rows) only .NET's round-trip timestamps are rewritten.
        "timestamp" or "timestamptz" or null => RoundTripFraction(text) is { } fraction ? TrimFraction(text, fraction) : text,
        // A time with zone is read as a date-time on 0001-01-01: the date is not part of the value.
        "timetz" => RoundTripFraction(text) is { } fraction ? TrimFraction(text, fraction)[(text.IndexOf('T', StringComparison.Ordinal) + 1)..] : text,
        "interval" when DotNetInterval().Match(text) is { Success: true } match && match.Groups["fraction"] is { Success: true } fraction =>
            TrimFraction(text, new Range(fraction.Index, fraction.Index + fraction.Length)),
        _ => text,
    };

    /// <summary>
    /// Where the seven fraction digits are when <paramref name="text"/> is what <c>DateTime.ToString("O")</c> or
    /// <c>DateTimeOffset.ToString("O")</c> writes (<c>yyyy-MM-ddTHH:mm:ss.fffffff</c> then nothing, <c>Z</c> or
    /// <c>±hh:mm</c>); null otherwise. Checked by hand: this runs for every timestamp of a result.
    /// </summary>
    private static Range? RoundTripFraction(string text)
    {
        const string Shape = "dddd-dd-ddTdd:dd:dd.ddddddd";
        if (text.Length is not (27 or 28 or 33))
        {
            return null;
        }

        for (var i = 0; i < Shape.Length; i++)
        {
            if (Shape[i] == 'd' ? !char.IsAsciiDigit(text[i]) : text[i] != Shape[i])
            {
                return null;
            }
        }

        var zone = text.AsSpan(Shape.Length);
        var valid = zone.Length == 0
            || zone is "Z"
            || (zone.Length == 6 && zone[0] is '+' or '-' && char.IsAsciiDigit(zone[1]) && char.IsAsciiDigit(zone[2]) && zone[3] == ':' && char.IsAsciiDigit(zone[4]) && char.IsAsciiDigit(zone[5]));
        return valid ? new Range(20, 27) : null;
    }

    /// <summary>Drops the trailing zeros of the seconds' <paramref name="fraction"/> digits, and the point when nothing is left.</summary>
    private static string TrimFraction(string text, Range fraction)
    {
        var (start, length) = fraction.GetOffsetAndLength(text.Length);
        var kept = text.AsSpan(start, length).TrimEnd('0');
        return kept.Length == length ? text
            : kept.Length == 0 ? string.Concat(text.AsSpan(0, start - 1), text.AsSpan(start + length))
            : string.Concat(text.AsSpan(0, start + kept.Length), text.AsSpan(start + length));
    }

    /// <summary>A short type name without facets and array brackets, e.g. <c>timestamptz</c> for <c>timestamptz(3)[]</c>.</summary>
    private static string? BaseType(string? type)
    {
        var end = type?.IndexOfAny(['(', '[']) ?? -1;
        return end < 0 ? type : type![..end];
    }

    private static bool IsReal(string? type) => type is not null && type.AsSpan().StartsWith("real") && (type.Length == 4 || type[4] is '(' or '[');

    [GeneratedRegex(@"^(?<name>timestamp|time|character varying|character|double precision|bit varying)(?<facets>\(\d+(, ?\d+)?\))?( (?<zone>with|without) time zone)?")]
    private static partial Regex LongTypeName();

    /// <summary>What <c>TimeSpan.ToString("c")</c> writes: <c>[-][d.]hh:mm:ss[.fffffff]</c>.</summary>
    [GeneratedRegex(@"^-?(\d+\.)?\d{2}:\d{2}:\d{2}(\.(?<fraction>\d{7}))?$")]
    private static partial Regex DotNetInterval();
}
