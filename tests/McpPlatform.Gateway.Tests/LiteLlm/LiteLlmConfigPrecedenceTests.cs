using McpPlatform.Gateway.Configuration.LiteLlm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace McpPlatform.Gateway.Tests.LiteLlm;

/// <summary>Where the LiteLLM file sits among the configuration sources: above appsettings*.json, below everything else.</summary>
public sealed class LiteLlmConfigPrecedenceTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("litellm-precedence-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private HostApplicationBuilder Builder(Dictionary<string, string?> overrides)
    {
        File.WriteAllText(Path.Combine(directory, "appsettings.json"), """
            { "Gateway": { "Servers": { "postgres_main": { "Transport": "http", "Url": "http://mcp-postgres/mcp" } } } }
            """);
        File.WriteAllText(Path.Combine(directory, "config.yaml"), LiteLlmSample.Yaml);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = directory });
        builder.Configuration.AddJsonFile(Path.Combine(directory, "appsettings.json"));
        builder.Configuration.AddInMemoryCollection(overrides); // as environment variables or the command line would
        return builder;
    }

    [Fact]
    public void AddLiteLlmConfigFile_FileOverridesAppSettings_EnvironmentOverridesTheFile()
    {
        var builder = Builder(new()
        {
            ["Gateway:ConfigFile"] = "config.yaml", // relative to the content root
            ["Gateway:Servers:postgres_main:Headers:Authorization"] = "Bearer connector-secret",
            ["Gateway:Models:gpt-4o-mock:ApiKey"] = "key-from-environment",
        });

        builder.AddLiteLlmConfigFile();

        var gateway = builder.Configuration.GetSection("Gateway");
        Assert.Equal("sse", gateway["Servers:postgres_main:Transport"]); // file over appsettings.json
        Assert.Equal("http://mcp-postgres:8686", gateway["Servers:postgres_main:Url"]);
        Assert.Equal("Bearer connector-secret", gateway["Servers:postgres_main:Headers:Authorization"]); // merged in
        Assert.Equal("key-from-environment", gateway["Models:gpt-4o-mock:ApiKey"]); // environment over file
        Assert.Equal("lan-user-key", gateway["Keys:lan-user:Key"]);
    }

    [Fact]
    public void AddLiteLlmConfigFile_MissingFile_FailsUnlessOptional()
    {
        var required = Builder(new() { ["Gateway:ConfigFile"] = "absent.yaml" });
        var optional = Builder(new() { ["Gateway:ConfigFile"] = "absent.yaml", ["Gateway:ConfigFileOptional"] = "true" });

        var error = Assert.Throws<LiteLlmConfigException>(() => required.AddLiteLlmConfigFile());
        optional.AddLiteLlmConfigFile();

        Assert.Contains("absent.yaml", error.Message);
        Assert.Null(optional.Configuration["Gateway:Keys:lan-user:Key"]);
    }

    [Fact]
    public void AddLiteLlmConfigFile_MalformedFile_FailsAtStartNamingFileAndLine()
    {
        var builder = Builder(new() { ["Gateway:ConfigFile"] = "config.yaml" });
        File.WriteAllText(Path.Combine(directory, "config.yaml"), "mcp_servers:\n  s:\n    url: [\n");

        var error = Assert.Throws<LiteLlmConfigException>(() => builder.AddLiteLlmConfigFile());

        Assert.StartsWith(Path.Combine(directory, "config.yaml") + " line ", error.Message);
    }
}
