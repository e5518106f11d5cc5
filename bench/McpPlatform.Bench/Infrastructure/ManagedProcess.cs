using System.Diagnostics;

namespace McpPlatform.Bench.Infrastructure;

/// <summary>A process the benchmark started: its output goes to a log file; it is killed (with its children) on dispose.</summary>
internal sealed class ManagedProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly IDisposable onInterrupt;
    private TimeSpan lastCpuTime;

    private ManagedProcess(Process process, string name, string logFile)
    {
        this.process = process;
        Name = name;
        LogFile = logFile;
        onInterrupt = Interruption.OnInterrupt(() => process.Kill(entireProcessTree: true));
    }

    public string Name { get; }

    public string LogFile { get; }

    public int Id => process.Id;

    public DateTime StartTime { get; } = DateTime.UtcNow;

    public static ManagedProcess Start(
        string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, string logDirectory, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var logFile = Path.Combine(logDirectory, name + ".log");
        var log = TextWriter.Synchronized(new StreamWriter(logFile) { AutoFlush = true });
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) { log.WriteLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { log.WriteLine(line.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ManagedProcess(process, name, logFile);
    }

    /// <summary>Resident memory of the process (VmRSS), in MiB.</summary>
    public double ResidentMiB()
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"{Name} has exited (code {process.ExitCode}); its output is in {LogFile}.");
        }

        var line = File.ReadLines($"/proc/{process.Id}/status").First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>CPU time the process has used so far; once it has exited, what it had used when last asked.</summary>
    public TimeSpan CpuTime()
    {
        try
        {
            process.Refresh();
            lastCpuTime = process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            // exited: its cell reports the failed calls, the CPU column keeps the last reading
        }

        return lastCpuTime;
    }

    /// <summary>Waits until <paramref name="url"/> answers 200; fails with the process log when it exits or times out.</summary>
    public async Task WaitForHttpAsync(Uri url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(20);
        }

        throw new InvalidOperationException($"{Name} did not answer {url} in time. Log ({LogFile}):\n{File.ReadAllText(LogFile)}");
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
