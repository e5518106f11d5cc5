if (args.Contains(ConnectorExtensions.StdioFlag))
{
    // stdio: stdout carries MCP messages only, so every log line goes to stderr.
    var stdioBuilder = Host.CreateApplicationBuilder(args);
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

app.MapDefaultEndpoints();
app.MapPostgresConnector();

app.Run();
