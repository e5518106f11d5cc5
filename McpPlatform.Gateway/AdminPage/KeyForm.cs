using System.Globalization;
using System.Text.Json.Nodes;

namespace McpPlatform.Gateway.AdminPage;

/// <summary>
/// The admin page's "new key" form, turned into the admin API's JSON body, so the API's reader
/// (<see cref="Apis.KeySpecReader"/>) validates it and names what is wrong. Lists are separated by commas, spaces or lines.
/// </summary>
internal sealed class KeyForm
{
    private static readonly char[] Separators = [',', ' ', '\t', '\r', '\n'];

    public string? Name { get; set; }

    public string? Owner { get; set; }

    public string? Servers { get; set; } = "*";

    public string? Tools { get; set; }

    public string? DenyTools { get; set; }

    public bool ReadOnly { get; set; }

    /// <summary>ISO 8601 with an offset, e.g. 2027-01-31T00:00:00Z; empty: never.</summary>
    public string? ExpiresAt { get; set; }

    public string? RequestsPerMinute { get; set; }

    public JsonObject ToBody()
    {
        var body = new JsonObject
        {
            ["name"] = Name?.Trim() ?? string.Empty,
            ["servers"] = List(Servers),
            ["tools"] = List(Tools),
            ["denyTools"] = List(DenyTools),
            ["readOnly"] = ReadOnly,
        };
        if (Owner?.Trim() is { Length: > 0 } owner)
        {
            body["owner"] = owner;
        }

        if (ExpiresAt?.Trim() is { Length: > 0 } expiresAt)
        {
            body["expiresAt"] = expiresAt;
        }

        if (RequestsPerMinute?.Trim() is { Length: > 0 } rpm)
        {
            // Not a number: passed on as text, so the reader's message ("must be a whole number") is the one shown.
            body["requestsPerMinute"] = int.TryParse(rpm, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : rpm;
        }

        return body;
    }

    private static JsonArray List(string? text) =>
        [.. (text ?? string.Empty).Split(Separators, StringSplitOptions.RemoveEmptyEntries).Select(item => (JsonNode?)item)];
}
