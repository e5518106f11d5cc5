using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.Gateway.Keys;

namespace McpPlatform.Gateway.Apis;

/// <summary>
/// Reads an admin request body into a <see cref="VirtualKeySpec"/>: every field it names replaces that field of a base
/// spec (a new key's defaults for POST and PUT, the stored spec for PATCH; <c>null</c> clears an optional field). A
/// field it does not know, or of the wrong type, is an error naming it: a typo (<c>"server"</c>) must not silently leave a
/// rule unset.
/// </summary>
internal static class KeySpecReader
{
    public static readonly IReadOnlyList<string> Fields =
    [
        "name", "owner", "servers", "tools", "denyTools", "prompts", "denyPrompts", "resources", "denyResources",
        "readOnly", "expiresAt", "requestsPerMinute", "maxConcurrent", "enabled",
    ];

    /// <summary>The spec, or the errors (one per field; empty when the spec is valid).</summary>
    public static (VirtualKeySpec Spec, IReadOnlyList<string> Errors) Apply(VirtualKeySpec baseSpec, JsonObject body)
    {
        var spec = baseSpec;
        var errors = new List<string>();
        foreach (var (name, value) in body)
        {
            try
            {
                spec = name switch
                {
                    "name" => spec with { Name = Text(value, name) ?? string.Empty },
                    "owner" => spec with { Owner = Text(value, name) },
                    "servers" => spec with { Servers = List(value, name) },
                    "tools" => spec with { Tools = List(value, name) },
                    "denyTools" => spec with { DenyTools = List(value, name) },
                    "prompts" => spec with { Prompts = List(value, name) },
                    "denyPrompts" => spec with { DenyPrompts = List(value, name) },
                    "resources" => spec with { Resources = List(value, name) },
                    "denyResources" => spec with { DenyResources = List(value, name) },
                    "readOnly" => spec with { ReadOnly = Flag(value, name) },
                    "expiresAt" => spec with { ExpiresAt = value is null ? null : Instant(value, name) },
                    "requestsPerMinute" => spec with { RequestsPerMinute = value is null ? null : Number(value, name) },
                    "maxConcurrent" => spec with { MaxConcurrent = value is null ? null : Number(value, name) },
                    "enabled" => spec with { Enabled = Flag(value, name) },
                    _ => throw new FormatException($"Unknown field '{AdminErrors.Shorten(name)}'; the fields are: {string.Join(", ", Fields)}."),
                };
            }
            catch (FormatException ex)
            {
                errors.Add(ex.Message);
            }
        }

        return (spec, errors.Count > 0 ? errors : spec.Errors());
    }

    private static string? Text(JsonNode? value, string name) => value switch
    {
        null => null,
        JsonValue text when text.GetValueKind() == JsonValueKind.String => text.GetValue<string>(),
        _ => throw new FormatException($"{name} must be a string."),
    };

    private static string[] List(JsonNode? value, string name) => value switch
    {
        null => [],
        JsonArray array when array.Count <= VirtualKeySpec.MaxPatternsPerList => [.. array.Select(item =>
            item is JsonValue text && text.GetValueKind() == JsonValueKind.String ? text.GetValue<string>() : throw new FormatException($"{name} must be an array of strings."))],
        JsonArray => throw new FormatException($"{name} holds more than {VirtualKeySpec.MaxPatternsPerList} entries."),
        _ => throw new FormatException($"{name} must be an array of strings."),
    };

    private static bool Flag(JsonNode? value, string name) =>
        value is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? flag.GetValue<bool>()
            : throw new FormatException($"{name} must be true or false.");

    private static int Number(JsonNode value, string name) =>
        value is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.TryGetValue<int>(out var n)
            ? n
            : throw new FormatException($"{name} must be a whole number (or null).");

    private static DateTimeOffset Instant(JsonNode value, string name) =>
        value is JsonValue text && text.GetValueKind() == JsonValueKind.String
        && text.GetValue<string>() is { } written && written.Length is > 10 and < 40 && (written.EndsWith('Z') || written[^6] is '+' or '-')
        && DateTimeOffset.TryParse(written, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var instant)
            ? instant
            : throw new FormatException($"{name} must be an ISO 8601 date and time with its offset, e.g. 2027-01-31T00:00:00Z (or null).");
}
