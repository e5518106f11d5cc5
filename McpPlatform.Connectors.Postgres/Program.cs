if (args.Contains(ConnectorExtensions.StdioFlag))
{
    // stdio: stdout carries MCP messages only, so every log line goes to stderr. The flag itself is no
    // setting: left in, the configuration parser would take the next argument as its value.
    var stdioBuilder = Host.CreateApplicationBuilder([.. args.Where(arg => arg != ConnectorExtensions.StdioFlag)]);
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
