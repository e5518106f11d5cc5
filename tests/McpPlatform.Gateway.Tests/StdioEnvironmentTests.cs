using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpPlatform.Gateway.Tests;

/// <summary>
/// A stdio server gets a minimal base environment plus its own <c>Env</c>: never the gateway's keys, another
/// upstream's secrets or anything else the gateway was started with. The variables set here have names of their own,
/// so tests running in parallel do not see them.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class StdioEnvironmentTests
{
    // No dash in these names: sh drops variables whose names are no shell identifiers (Gateway__Keys__local-user__Key)
    // before running env, which would hide a leak. The end-to-end test's child is node, which sees every name.
    private static readonly Dictionary<string, string> GatewaySecrets = new(StringComparer.Ordinal)
    {
        ["Gateway__Keys__stdioenvtest__Key"] = "gateway-key-0123456789abcdef",
        ["Gateway__Servers__other__Env__OTHER_API_TOKEN"] = "other-upstream-secret",
        ["Gateway__Servers__other__Headers__Authorization"] = "Bearer other-upstream-header",
        ["STDIO_ENV_TEST_AWS_SECRET_ACCESS_KEY"] = "aws-looking-secret",
        ["ConnectionStrings__stdioenvtest"] = "Host=db;Password=hunter2",
    };

    [Fact]
    public void For_GatewayEnvironmentWithKeysAndSecrets_PassesNoneOfThem()
    {
        using var secrets = new ProcessEnvironment(GatewaySecrets);

        var environment = StdioEnvironment.For(new Dictionary<string, string>());

        Assert.All(GatewaySecrets.Keys, name => Assert.False(environment.ContainsKey(name), name));
        Assert.All(environment.Keys, name => Assert.True(IsBaseName(name), $"{name} is not in the base environment"));
    }

    [Fact]
    public void For_OwnEnv_IsPassedAndWinsOverTheBase()
    {
        var environment = StdioEnvironment.For(new Dictionary<string, string> { ["OWN_API_TOKEN"] = "own", ["PATH"] = "/opt/own/bin" });

        Assert.Equal("own", environment["OWN_API_TOKEN"]);
        Assert.Equal("/opt/own/bin", environment["PATH"]);
    }

    [Fact]
    public void For_PathHomeLocaleAndTemporaryDirectory_ArePassed()
    {
        using var locale = new ProcessEnvironment(new() { ["LC_STDIOENVTEST"] = "C.UTF-8" });

        var environment = StdioEnvironment.For(new Dictionary<string, string>());

        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), environment["PATH"]);
        if (Environment.GetEnvironmentVariable("HOME") is { } home)
        {
            Assert.Equal(home, environment["HOME"]);
        }

        Assert.Equal("C.UTF-8", environment["LC_STDIOENVTEST"]);
    }

    [Fact]
    public void For_ExportedShellFunctionInLocaleVariable_IsNotPassed()
    {
        using var function = new ProcessEnvironment(new() { ["LC_STDIOENVFUNCTION"] = "() { echo pwned; }" });

        var environment = StdioEnvironment.For(new Dictionary<string, string>());

        Assert.False(environment.ContainsKey("LC_STDIOENVFUNCTION"));
    }

    /// <summary>The real process, started by the gateway's upstream client: <c>env</c> writes what it was given.</summary>
    [Fact]
    public async Task StdioUpstream_ProcessStartedByGateway_SeesOnlyBaseAndOwnEnv()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var secrets = new ProcessEnvironment(GatewaySecrets);
        var output = Path.Combine(Path.GetTempPath(), $"stdio-env-{Guid.NewGuid():N}.txt");
        var options = new UpstreamServerOptions
        {
            Transport = "stdio",
            Command = "/bin/sh",
            Args = ["-c", "env > \"$ENV_OUTPUT\""],
            Env = { ["ENV_OUTPUT"] = output, ["OWN_API_TOKEN"] = "own" },
        };
        var transport = new UpstreamTransports(new NoHttpClients(), NullLoggerFactory.Instance).Create("env-dump", options);

        // No MCP server answers: the connection fails once the process has written its environment and exited.
        await Assert.ThrowsAnyAsync<Exception>(async () => await (await ModelContextProtocol.Client.McpClient.CreateAsync(transport)).DisposeAsync());

        try
        {
            var names = (await File.ReadAllLinesAsync(output)).Select(line => line.Split('=', 2)[0]).ToHashSet(StringComparer.Ordinal);
            Assert.Contains("PATH", names);
            Assert.Contains("OWN_API_TOKEN", names);
            Assert.All(GatewaySecrets.Keys, name => Assert.DoesNotContain(name, names));
            // The shell itself adds PWD (and may add SHLVL, _); nothing else may come from the gateway.
            Assert.All(names.Except(["ENV_OUTPUT", "OWN_API_TOKEN", "PWD", "SHLVL", "_"]), name => Assert.True(IsBaseName(name), $"{name} reached the child"));
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>The TypeScript and Python SDKs' DEFAULT_INHERITED_ENV_VARS (Unix and Windows), locale and temp.</summary>
    private static bool IsBaseName(string name) =>
        name is "HOME" or "LOGNAME" or "PATH" or "SHELL" or "TERM" or "USER"
        || (OperatingSystem.IsWindows() && name.ToUpperInvariant() is "APPDATA" or "HOMEDRIVE" or "HOMEPATH" or "LOCALAPPDATA" or "PATH"
            or "PATHEXT" or "PROCESSOR_ARCHITECTURE" or "PROGRAMFILES" or "SYSTEMDRIVE" or "SYSTEMROOT" or "TEMP" or "USERNAME" or "USERPROFILE")
        || name.StartsWith(StdioEnvironment.LocaleCategoryPrefix, StringComparison.Ordinal)
        || StdioEnvironment.LocaleAndTemporaryNames.Contains(name);

    /// <summary>Sets process environment variables for one test and removes them after it.</summary>
    private sealed class ProcessEnvironment : IDisposable
    {
        private readonly IReadOnlyCollection<string> names;

        public ProcessEnvironment(Dictionary<string, string> variables)
        {
            names = variables.Keys;
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach (var name in names)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    private sealed class NoHttpClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("stdio needs no HttpClient");
    }
}
