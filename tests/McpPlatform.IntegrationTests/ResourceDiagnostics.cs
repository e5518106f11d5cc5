using Microsoft.Extensions.DependencyInjection;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// What a resource said before a test gave up on it: its last console lines and, for the gateway, the body of its
/// <c>/health</c> (which names the failing check). Added to a start-up failure, so a flaky start shows its cause.
/// </summary>
internal static class ResourceDiagnostics
{
    private const int Lines = 60;

    public static async Task<string> DescribeAsync(DistributedApplication app, params string[] resources)
    {
        var text = new System.Text.StringBuilder();
        foreach (var resource in resources)
        {
            text.AppendLine($"--- last {Lines} console lines of '{resource}' ---");
            text.AppendLine(await LastLinesAsync(app, resource));
        }

        text.AppendLine("--- gateway /health ---");
        text.AppendLine(await HealthAsync(app));
        return text.ToString();
    }

    private static async Task<string> LastLinesAsync(DistributedApplication app, string resource)
    {
        try
        {
            using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var lines = new Queue<string>();
            await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(resource).WithCancellation(giveUp.Token))
            {
                foreach (var line in batch)
                {
                    lines.Enqueue(line.Content);
                    if (lines.Count > Lines)
                    {
                        lines.Dequeue();
                    }
                }
            }

            return lines.Count == 0 ? "(no lines)" : string.Join('\n', lines);
        }
        catch (Exception ex)
        {
            return $"(could not read: {ex.GetType().Name}: {ex.Message})";
        }
    }

    private static async Task<string> HealthAsync(DistributedApplication app)
    {
        try
        {
            using var http = app.CreateHttpClient("gateway");
            http.Timeout = TimeSpan.FromSeconds(5);
            using var response = await http.GetAsync("/health");
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }
        catch (Exception ex)
        {
            return $"(no answer: {ex.GetType().Name}: {ex.Message})";
        }
    }
}
