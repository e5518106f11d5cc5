namespace McpPlatform.Gateway.Configuration.LiteLlm;

/// <summary>At start: logs which LiteLLM config file was imported and each of its warnings, and keeps them for the admin page.</summary>
internal sealed partial class LiteLlmImportWarnings(string path, LiteLlmImport import, StartupWarnings warnings, ILogger<LiteLlmImportWarnings> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogImported(logger, path, import.Settings.Count, import.Warnings.Count);
        foreach (var warning in import.Warnings)
        {
            LogWarning(logger, warning);
            warnings.Add(warning);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported the LiteLLM config file {Path}: {Settings} settings, {Warnings} warnings")]
    private static partial void LogImported(ILogger logger, string path, int settings, int warnings);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LiteLLM config: {Warning}")]
    private static partial void LogWarning(ILogger logger, string warning);
}
