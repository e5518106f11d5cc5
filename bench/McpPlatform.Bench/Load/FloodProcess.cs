using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using McpPlatform.Bench.Infrastructure;

namespace McpPlatform.Bench.Load;

/// <summary>
/// The runner's handle on a flooder process (<see cref="FloodWorker"/>): started from this same assembly, optionally
/// under <c>nice</c> so that on a small machine the flooder's own client work takes only CPU that the gateway and the
/// measured keys leave (a real flooder runs elsewhere; what is measured is what refusing it costs the gateway). Its
/// standard error goes to a log; it is killed if the runner is interrupted.
/// </summary>
internal sealed class FloodProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly IDisposable onInterrupt;
    private readonly string logFile;

    private FloodProcess(Process process, string logFile)
    {
        this.process = process;
        this.logFile = logFile;
        onInterrupt = Interruption.OnInterrupt(() => process.Kill(entireProcessTree: true));
    }

    /// <summary>Starts a flooder and returns once it got its first answer: from then on it floods.</summary>
    public static async Task<FloodProcess> StartAsync(Uri endpoint, string key, int callers, int nice, string logDirectory, string name)
    {
        var worker = new[] { typeof(FloodProcess).Assembly.Location, FloodWorker.Flag, "--url", endpoint.ToString(), "--callers", callers.ToString(CultureInfo.InvariantCulture) };
        var start = nice == 0
            ? new ProcessStartInfo("dotnet")
            : new ProcessStartInfo("nice") { ArgumentList = { "-n", nice.ToString(CultureInfo.InvariantCulture), "dotnet" } };
        foreach (var argument in worker)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment[FloodWorker.KeyVariable] = key;

        var logFile = Path.Combine(logDirectory, name + ".log");
        var log = TextWriter.Synchronized(new StreamWriter(logFile) { AutoFlush = true });
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { log.WriteLine(line.Data); } };
        process.Start();
        process.BeginErrorReadLine();
        var flooder = new FloodProcess(process, logFile);
        try
        {
            var ready = await flooder.ReadLineAsync(StartTimeout);
            if (ready != FloodWorker.ReadyLine)
            {
                throw new InvalidOperationException($"The flooder did not start (it said: {ready ?? "nothing"}); its log: {logFile}\n{await File.ReadAllTextAsync(logFile)}");
            }

            return flooder;
        }
        catch
        {
            await flooder.DisposeAsync();
            throw;
        }
    }

    /// <summary>Tells the flooder to stop, waits until each of its calls was answered, and returns what it counted.</summary>
    public async Task<FloodResult> StopAsync()
    {
        await process.StandardInput.WriteLineAsync("stop");
        await process.StandardInput.FlushAsync();
        var line = await ReadLineAsync(StartTimeout);
        await process.WaitForExitAsync();
        return line is not null && line.StartsWith('{')
            ? JsonSerializer.Deserialize<FloodResult>(line)!
            : throw new InvalidOperationException($"The flooder ended without its counts (it said: {line ?? "nothing"}); its log: {logFile}\n{await File.ReadAllTextAsync(logFile)}");
    }

    private async Task<string?> ReadLineAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        return await process.StandardOutput.ReadLineAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        onInterrupt.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
