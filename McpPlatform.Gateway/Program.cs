var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddMcpGateway();

var app = builder.Build();

app.UseSafeErrors();
app.MapDefaultEndpoints(explainFailures: true);
app.MapMcpGateway();

app.Run();
