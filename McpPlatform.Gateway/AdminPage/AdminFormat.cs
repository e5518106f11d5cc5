using System.Globalization;

namespace McpPlatform.Gateway.AdminPage;

/// <summary>How the admin page writes times, durations and counts: UTC, invariant culture.</summary>
internal static class AdminFormat
{
    public static string Time(DateTimeOffset? instant) =>
        instant is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "–";

    public static string Milliseconds(double? milliseconds) =>
        milliseconds is { } value ? value.ToString("0.#", CultureInfo.InvariantCulture) + " ms" : "–";

    public static string Count(int? count) => count?.ToString(CultureInfo.InvariantCulture) ?? "–";

    public static string List(IReadOnlyList<string> items) => items.Count == 0 ? "–" : string.Join(", ", items);
}
