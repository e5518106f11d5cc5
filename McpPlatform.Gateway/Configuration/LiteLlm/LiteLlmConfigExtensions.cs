using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Configuration.LiteLlm;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace Microsoft.Extensions.Hosting;

/// <summary>Loads the LiteLLM config file named by <c>Gateway:ConfigFile</c> into the gateway's configuration.</summary>
internal static class LiteLlmConfigExtensions
{
    /// <summary>
    /// Reads <c>Gateway:ConfigFile</c> (relative paths from the content root) and puts what it maps to right above the
    /// <c>appsettings*.json</c> files: the file overrides their defaults; user secrets, environment variables and
    /// command-line settings override the file. A missing file is an error unless <c>Gateway:ConfigFileOptional</c> is
    /// true; the import's warnings are logged and kept in <see cref="StartupWarnings"/> once the gateway starts.
    /// </summary>
    public static IHostApplicationBuilder AddLiteLlmConfigFile(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(GatewayOptions.SectionName);
        if (section[nameof(GatewayOptions.ConfigFile)] is not { Length: > 0 } configured)
        {
            return builder;
        }

        var path = Path.GetFullPath(configured, builder.Environment.ContentRootPath);
        if (!File.Exists(path))
        {
            if (section.GetValue<bool>(nameof(GatewayOptions.ConfigFileOptional)))
            {
                return builder;
            }

            throw new LiteLlmConfigException($"{path}: the LiteLLM config file named by {GatewayOptions.SectionName}:{nameof(GatewayOptions.ConfigFile)} does not exist.");
        }

        var import = LiteLlmConfigFile.Load(path);
        var sources = builder.Configuration.Sources;
        var lastAppSettings = sources
            .Select((source, index) => (source, index))
            .LastOrDefault(entry => entry.source is JsonConfigurationSource { Path: { } json } && Path.GetFileName(json).StartsWith("appsettings", StringComparison.OrdinalIgnoreCase));
        var position = lastAppSettings.source is null ? 0 : lastAppSettings.index + 1;
        sources.Insert(position, new MemoryConfigurationSource { InitialData = import.Settings });

        builder.Services.AddHostedService(services => new LiteLlmImportWarnings(
            path, import, services.GetRequiredService<StartupWarnings>(), services.GetRequiredService<ILogger<LiteLlmImportWarnings>>()));
        return builder;
    }
}
