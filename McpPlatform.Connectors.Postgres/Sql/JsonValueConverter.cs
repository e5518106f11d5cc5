using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpPlatform.Connectors.Postgres.Sql;

/// <summary>
/// Turns values read from PostgreSQL into JSON that keeps their type: numbers stay numbers
/// (bigint and numeric are written with all their digits), json/jsonb stay JSON, the rest become strings.
/// </summary>
internal static class JsonValueConverter
{
    public static JsonNode? ToJson(object? value, string dataTypeName) => value switch
    {
        null or DBNull => null,
        bool b => JsonValue.Create(b),
        short number => JsonValue.Create(number),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number), // written with every digit (not through double)
        decimal number => JsonValue.Create(number),
        byte or sbyte or ushort or uint or ulong => JsonValue.Create(RawNumber(value)),
        BigInteger big => JsonNode.Parse(big.ToString(CultureInfo.InvariantCulture)),
        NumericText numeric => double.TryParse(numeric.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? JsonNode.Parse(numeric.Text)
            : JsonValue.Create(numeric.Text),
        float f => FiniteOrString(f),
        double d => FiniteOrString(d),
        string s when IsJsonType(dataTypeName) => ParseJsonOrString(s),
        string s => JsonValue.Create(s),
        DateTime dt => JsonValue.Create(dt.ToString("O", CultureInfo.InvariantCulture)),
        DateTimeOffset dto => JsonValue.Create(dto.ToString("O", CultureInfo.InvariantCulture)),
        DateOnly date => JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TimeOnly time => JsonValue.Create(time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        TimeSpan span => JsonValue.Create(span.ToString("c", CultureInfo.InvariantCulture)),
        Guid guid => JsonValue.Create(guid.ToString()),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        IEnumerable items => ToArray(items, ElementTypeName(dataTypeName)),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static JsonElement RawNumber(object value)
    {
        // Written through the element so that long and decimal keep every digit in the output text.
        var text = Convert.ToString(value, CultureInfo.InvariantCulture)!;
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static JsonNode? FiniteOrString(double value) =>
        double.IsFinite(value)
            ? JsonValue.Create(value)
            : JsonValue.Create(value.ToString(CultureInfo.InvariantCulture)); // NaN and ±Infinity are not JSON numbers.

    private static JsonArray ToArray(IEnumerable items, string elementTypeName)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(ToJson(item, elementTypeName));
        }

        return array;
    }

    private static bool IsJsonType(string dataTypeName) => dataTypeName is "json" or "jsonb";

    private static string ElementTypeName(string dataTypeName) =>
        dataTypeName.EndsWith("[]", StringComparison.Ordinal) ? dataTypeName[..^2] : dataTypeName;

    private static JsonNode? ParseJsonOrString(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
