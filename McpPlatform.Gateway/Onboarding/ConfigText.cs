using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpPlatform.Gateway.Onboarding;

/// <summary>
/// Values written into commands and configuration files, escaped for each: a key or host name is data, never syntax,
/// whatever characters it holds.
/// </summary>
internal static class ConfigText
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A POSIX shell word: as is when it holds only safe characters, else single-quoted.</summary>
    public static string Shell(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:@%+=,".Contains(c, StringComparison.Ordinal))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>A TOML basic string.</summary>
    public static string Toml(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    /// <summary>A TOML key: bare when it may be, else quoted.</summary>
    public static string TomlKey(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? key : Toml(key);

    /// <summary>Indented JSON (JSON's own escaping; HTML-sensitive characters left readable, the file is no web page).</summary>
    public static string Json(JsonNode node) => node.ToJsonString(Indented);
}
