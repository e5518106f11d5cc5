if (args.Contains(ConnectorExtensions.StdioFlag))
{
    // stdio: stdout carries MCP messages only, so every log line goes to stderr. The flag itself is no
    // setting: left in, the configuration parser would take the next argument as its value. A client spawns us
    // from its own working directory: appsettings.json is read from beside the assembly, or the log levels in it
    // are lost and every call writes several Information lines (MCP SDK, Npgsql) to stderr.
    var stdioBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
    {
        Args = [.. args.Where(arg => arg != ConnectorExtensions.StdioFlag)],
        ContentRootPath = AppContext.BaseDirectory,
    });
    stdioBuilder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
    stdioBuilder.AddServiceDefaults();
    stdioBuilder.AddPostgresConnector(stdio: true);
    await stdioBuilder.Build().RunAsync();
    return;
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPostgresConnector();

var app = builder.Build();

app.UseSafeErrors();
app.MapDefaultEndpoints(explainFailures: true);
app.MapPostgresConnector();

app.Run();
