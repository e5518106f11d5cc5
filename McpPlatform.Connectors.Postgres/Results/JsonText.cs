using System.Text;
using System.Text.Json;

namespace McpPlatform.Connectors.Postgres.Results;

/// <summary>
/// Compact JSON for a model to read: no spaces, numbers with the digits they have, and strings escaped only where
/// JSON requires it (see <see cref="CellText.AppendQuoted"/>). System.Text.Json's encoders escape every character
/// outside the basic plane (emoji) even in their relaxed mode, which a model would have to decode.
/// </summary>
internal static class JsonText
{
    /// <summary>
    /// Appends <paramref name="value"/>; <paramref name="formatScalar"/>, when given, rewrites the text of string
    /// and number values (never names): a string's result is written as a JSON string, a number's as it is.
    /// </summary>
    public static void Append(StringBuilder text, JsonElement value, Func<JsonElement, string>? formatScalar = null)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                var firstProperty = true;
                foreach (var property in value.EnumerateObject())
                {
                    if (!firstProperty)
                    {
                        text.Append(',');
                    }

                    firstProperty = false;
                    CellText.AppendQuoted(text, property.Name);
                    text.Append(':');
                    Append(text, property.Value, formatScalar);
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var firstItem = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!firstItem)
                    {
                        text.Append(',');
                    }

                    firstItem = false;
                    Append(text, item, formatScalar);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                CellText.AppendQuoted(text, formatScalar is null ? value.GetString()! : formatScalar(value));
                break;
            case JsonValueKind.Number when formatScalar is not null:
                text.Append(formatScalar(value));
                break;
            default:
                // Numbers keep their raw text (every digit of a bigint or numeric); true, false and null are words.
                text.Append(value.GetRawText());
                break;
        }
    }

    /// <summary><paramref name="value"/> as compact JSON.</summary>
    public static string Write(JsonElement value, Func<JsonElement, string>? formatScalar = null)
    {
        var text = new StringBuilder();
        Append(text, value, formatScalar);
        return text.ToString();
    }
}
