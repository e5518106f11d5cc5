using System.Diagnostics;
using System.Text.Json;

namespace McpPlatform.Bench.Load;

/// <summary>An MCP client over stdio: starts the server process (one per session, as clients do) and speaks JSON lines.</summary>
internal sealed class StdioMcpSession : ICallSession
{
    private readonly Process process;
    private readonly string callStart;
    private long nextId = 1;

    private StdioMcpSession(Process process, string tool, string argumentsJson)
    {
        this.process = process;
        callStart = "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + "},\"id\":";
    }

    public static async Task<StdioMcpSession> OpenAsync(
        string fileName, IEnumerable<string> arguments, string tool, string argumentsJson, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { }; // drained, not kept
        process.BeginErrorReadLine();
        var session = new StdioMcpSession(process, tool, argumentsJson);
        await session.RequestAsync(0, """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"mcpplatform-bench","version":"1.0"}}}""", cancellationToken);
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""".AsMemory(), cancellationToken);
        await process.StandardInput.FlushAsync(cancellationToken);
        return session;
    }

    public Task CallAsync(CancellationToken cancellationToken)
    {
        var id = ++nextId;
        return RequestAsync(id, callStart + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}", cancellationToken);
    }

    private async Task RequestAsync(long id, string json, CancellationToken cancellationToken)
    {
        await process.StandardInput.WriteLineAsync(json.AsMemory(), cancellationToken);
        await process.StandardInput.FlushAsync(cancellationToken);
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            using var message = JsonDocument.Parse(line);
            if (message.RootElement.TryGetProperty("id", out var answered) && answered.ValueKind == JsonValueKind.Number && answered.GetInt64() == id)
            {
                if (!message.RootElement.TryGetProperty("result", out var result)
                    || (result.TryGetProperty("isError", out var isError) && isError.ValueKind == JsonValueKind.True))
                {
                    throw new InvalidOperationException("Call failed: " + line[..Math.Min(line.Length, 600)]);
                }

                return;
            }
        }

        throw new InvalidOperationException("The stdio server exited.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
